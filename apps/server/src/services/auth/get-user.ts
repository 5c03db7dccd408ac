import { AppError } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { users } from '../../db/schema';
import type { UserCache } from '../../infra/user-cache';
import type { UserRow } from '../../presenters/users';

/** Loads an active user (through the cache when given); UNAUTHORIZED when deleted or disabled. */
export async function getUser(opts: { db: DbOrTx; userId: string; cache?: UserCache }): Promise<UserRow> {
  const load = async () => (await opts.db.select().from(users).where(eq(users.id, opts.userId)).limit(1))[0];
  const user = opts.cache === undefined ? await load() : await opts.cache.resolve(opts.userId, load);
  if (user === undefined || !user.active) {
    throw new AppError('UNAUTHORIZED', 'Account not found or disabled');
  }
  return user;
}
