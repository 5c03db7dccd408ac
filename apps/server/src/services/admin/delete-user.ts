import { AppError, type TDeleteUserRequest } from '@apiplay/core';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { sessions, users, workspaceMembers, workspaces } from '../../db/schema';
import { recordAudit } from '../audit/record-audit';
import { endFamilies } from '../auth/end-families';
import { isEnvAdmin } from './env-admins';
import { listSoleOwnedWorkspaces } from './list-owned-workspaces';
import { findUserOr404, otherActiveAdmins } from './update-user';

/**
 * Deletes an account. Workspaces it is the only owner of are deleted, or handed to `transferTo` as owner (the
 * admin's explicit choice); from the others it is simply removed. Its sessions end at once (tokens blacklisted,
 * sockets closed), its keys go with the row. Audit events about it stay (they have no foreign keys).
 */
export async function deleteUser(opts: {
  ctx: AppContext;
  actorId: string;
  userId: string;
  input: TDeleteUserRequest;
  ip: string;
}): Promise<{ deletedWorkspaces: string[]; transferredWorkspaces: string[] }> {
  const { ctx, input } = opts;
  const user = await findUserOr404(ctx.db, opts.userId);
  if (user.id === opts.actorId) {
    throw new AppError('CONFLICT', 'You cannot delete your own account here');
  }
  if (isEnvAdmin(ctx, user.email)) {
    throw new AppError('CONFLICT', 'This admin is listed in ADMIN_EMAILS; remove the address there first');
  }
  if (user.isAdmin && user.active && (await otherActiveAdmins(ctx, user.id)) === 0) {
    throw new AppError('CONFLICT', 'The last active admin cannot be deleted');
  }
  let heir: string | null = null;
  if (input.workspaces === 'transfer') {
    if (input.transferTo === undefined) {
      throw new AppError('VALIDATION_FAILED', 'body.transferTo: required to transfer workspaces', {
        issues: [{ field: 'body.transferTo', message: 'required to transfer workspaces' }],
      });
    }
    const target = await ctx.db.select().from(users).where(eq(users.id, input.transferTo));
    if (target[0] === undefined || !target[0].active || input.transferTo === user.id) {
      throw new AppError(
        'VALIDATION_FAILED',
        'body.transferTo: not an active user other than the one deleted',
        {
          issues: [{ field: 'body.transferTo', message: 'not an active user other than the one deleted' }],
        },
      );
    }
    heir = input.transferTo;
  }
  const memberOf = await ctx.db
    .select({ id: workspaceMembers.workspaceId })
    .from(workspaceMembers)
    .where(eq(workspaceMembers.userId, user.id));
  const result = await ctx.db.transaction(async (tx) => {
    const owned = await listSoleOwnedWorkspaces(tx, user.id);
    const ids = owned.map((w) => w.id);
    if (heir !== null && ids.length > 0) {
      for (const id of ids) {
        await tx
          .insert(workspaceMembers)
          .values({ workspaceId: id, userId: heir, role: 'owner' })
          .onConflictDoUpdate({
            target: [workspaceMembers.workspaceId, workspaceMembers.userId],
            set: { role: 'owner' },
          });
      }
    } else if (ids.length > 0) {
      await tx.delete(workspaces).where(inArray(workspaces.id, ids));
      for (const w of owned) {
        await recordAudit(tx, {
          action: 'workspace.deleted',
          actorId: opts.actorId,
          workspaceId: w.id,
          targetType: 'workspace',
          targetId: w.id,
          ip: opts.ip,
          meta: { name: w.name, reason: 'owner_deleted' },
        });
      }
    }
    const ended = await tx
      .update(sessions)
      .set({ revokedAt: new Date(), revokedReason: 'account_deleted' })
      .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id, lastUsedAt: sessions.lastUsedAt });
    await tx.delete(users).where(eq(users.id, user.id));
    await recordAudit(tx, {
      action: 'admin.user_deleted',
      actorId: opts.actorId,
      subjectUserId: user.id,
      targetType: 'user',
      targetId: user.id,
      ip: opts.ip,
      meta: {
        email: user.email,
        workspaces: input.workspaces,
        ...(heir === null ? { deletedWorkspaces: ids } : { transferredWorkspaces: ids, transferTo: heir }),
      },
    });
    return { ended, ids };
  });
  ctx.userCache.invalidate(user.id);
  for (const m of memberOf) {
    ctx.memberships.invalidate(m.id);
  }
  await endFamilies(ctx, user.id, result.ended);
  return heir === null
    ? { deletedWorkspaces: result.ids, transferredWorkspaces: [] }
    : { deletedWorkspaces: [], transferredWorkspaces: result.ids };
}
