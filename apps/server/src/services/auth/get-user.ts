import { AppError } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { users } from '../../db/schema';
import type { UserCache } from '../../infra/user-cache';
import type { UserRow } from '../../presenters/users';

/**
 * Loads an active user (through the cache when given); UNAUTHORIZED when deleted or disabled. `noticeTicket`: the
 * request's `AuthInfo.noticeTicket` (without it the cache waits for notices committed up to now).
 */
export async function getUser(opts: {
  db: DbOrTx;
  userId: string;
  cache?: UserCache;
  noticeTicket?: number | undefined;
}): Promise<UserRow> {
  const load = async () => (await opts.db.select().from(users).where(eq(users.id, opts.userId)).limit(1))[0];
  const user =
    opts.cache === undefined ? await load() : await opts.cache.resolve(opts.userId, load, opts.noticeTicket);
  if (user === undefined || !user.active) {
    throw new AppError('UNAUTHORIZED', 'Account not found or disabled');
  }
  return user;
}
