import { AppError, type TAdminUser, type TAdminUserPatch } from '@apiplay/core';
import { and, count, eq, inArray, ne, or } from 'drizzle-orm';
import type { AppContext } from '../../context';
import type { DbOrTx } from '../../db/client';
import { users, workspaceMembers } from '../../db/schema';
import { presentAdminUser } from '../../presenters/admin-users';
import { recordAudit } from '../audit/record-audit';
import { disableUser } from '../auth/disable-user';
import { isEnvAdmin } from './env-admins';

type UserRow = typeof users.$inferSelect;

export async function findUserOr404(db: DbOrTx, userId: string): Promise<UserRow> {
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  if (row === undefined) {
    throw new AppError('NOT_FOUND', 'User not found');
  }
  return row;
}

/** Active admins other than `userId` (ADMIN_EMAILS included): the instance must keep at least one. */
export async function otherActiveAdmins(
  ctx: Pick<AppContext, 'db' | 'config'>,
  userId: string,
): Promise<number> {
  const admin =
    ctx.config.adminEmails.length === 0
      ? eq(users.isAdmin, true)
      : or(eq(users.isAdmin, true), inArray(users.email, ctx.config.adminEmails));
  const [row] = await ctx.db
    .select({ n: count() })
    .from(users)
    .where(and(admin, eq(users.active, true), ne(users.id, userId)));
  return Number(row?.n ?? 0);
}

/**
 * Disables/enables and promotes/demotes an account. Disabling revokes every session and API key and closes the
 * user's sockets (disableUser). An admin cannot disable themself, an ADMIN_EMAILS admin cannot be demoted here,
 * and the last active admin can be neither disabled nor demoted: the instance would be left without one.
 */
export async function updateUser(opts: {
  ctx: AppContext;
  actorId: string;
  userId: string;
  patch: TAdminUserPatch;
  ip: string;
}): Promise<TAdminUser> {
  const { ctx, patch } = opts;
  const user = await findUserOr404(ctx.db, opts.userId);
  const userIsAdmin = user.isAdmin || isEnvAdmin(ctx, user.email);
  if (patch.active === false && user.active) {
    if (opts.userId === opts.actorId) {
      throw new AppError('CONFLICT', 'You cannot disable your own account', { field: 'body.active' });
    }
    if (userIsAdmin && (await otherActiveAdmins(ctx, user.id)) === 0) {
      throw new AppError('CONFLICT', 'The last active admin cannot be disabled', { field: 'body.active' });
    }
    await disableUser({ ctx, userId: user.id, actorId: opts.actorId, ip: opts.ip });
  }
  if (patch.active === true && !user.active) {
    await ctx.db.transaction(async (tx) => {
      await tx.update(users).set({ active: true, updatedAt: new Date() }).where(eq(users.id, user.id));
      await recordAudit(tx, {
        action: 'auth.account_enabled',
        actorId: opts.actorId,
        subjectUserId: user.id,
        targetType: 'user',
        targetId: user.id,
        ip: opts.ip,
      });
    });
  }
  if (patch.isAdmin !== undefined && patch.isAdmin !== userIsAdmin) {
    if (!patch.isAdmin) {
      if (isEnvAdmin(ctx, user.email)) {
        throw new AppError('CONFLICT', 'This admin is listed in ADMIN_EMAILS; remove the address there', {
          field: 'body.isAdmin',
        });
      }
      if ((await otherActiveAdmins(ctx, user.id)) === 0) {
        throw new AppError('CONFLICT', 'The last active admin cannot be demoted', { field: 'body.isAdmin' });
      }
    }
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ isAdmin: patch.isAdmin, updatedAt: new Date() })
        .where(eq(users.id, user.id));
      await recordAudit(tx, {
        action: patch.isAdmin ? 'admin.user_promoted' : 'admin.user_demoted',
        actorId: opts.actorId,
        subjectUserId: user.id,
        targetType: 'user',
        targetId: user.id,
        ip: opts.ip,
      });
    });
  }
  ctx.userCache.invalidate(user.id);
  // Every other instance drops its cached row too (server mode caches user rows while notices arrive).
  await ctx.authChanges.publish(user.id);
  const fresh = await findUserOr404(ctx.db, user.id);
  const [memberships] = await ctx.db
    .select({ n: count() })
    .from(workspaceMembers)
    .where(eq(workspaceMembers.userId, user.id));
  return presentAdminUser(ctx.config, fresh, Number(memberships?.n ?? 0));
}
