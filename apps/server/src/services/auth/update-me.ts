import type { TUpdateMeRequest } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import type { AuthChanges } from '../../infra/auth-changes';
import type { UserCache } from '../../infra/user-cache';
import type { UserRow } from '../../presenters/users';
import { recordAudit } from '../audit/record-audit';
import { getUser } from './get-user';

/** Updates the caller's profile (name, avatar). */
export async function updateMe(opts: {
  db: Db;
  userId: string;
  input: TUpdateMeRequest;
  cache: UserCache;
  /** The caller's address, for the audit trail. */
  ip?: string;
  /** Told after the update, so every instance drops its cached row (server mode caches rows while notified). */
  authChanges: AuthChanges;
}): Promise<UserRow> {
  const { input } = opts;
  await getUser({ db: opts.db, userId: opts.userId });
  const row = await opts.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.avatarUrl === undefined ? {} : { avatarUrl: input.avatarUrl }),
        updatedAt: new Date(),
      })
      .where(eq(users.id, opts.userId))
      .returning();
    await recordAudit(tx, {
      action: 'auth.profile_updated',
      actorId: opts.userId,
      subjectUserId: opts.userId,
      targetType: 'user',
      targetId: opts.userId,
      ip: opts.ip,
      meta: { fields: Object.keys(input) },
    });
    return updated;
  });
  opts.cache.invalidate(opts.userId);
  await opts.authChanges.publish(opts.userId);
  return row ?? (await getUser({ db: opts.db, userId: opts.userId }));
}
