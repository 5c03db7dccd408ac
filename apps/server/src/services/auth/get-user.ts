import { AppError } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { users } from '../../db/schema';
import type { UserRow } from '../../presenters/users';

/** Loads an active user; NOT_FOUND otherwise (e.g. deleted while holding a token). */
export async function getUser(opts: { db: DbOrTx; userId: string }): Promise<UserRow> {
  const rows = await opts.db.select().from(users).where(eq(users.id, opts.userId)).limit(1);
  const user = rows[0];
  if (user === undefined || !user.active) {
    throw new AppError('UNAUTHORIZED', 'Account not found or disabled');
  }
  return user;
}
