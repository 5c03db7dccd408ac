import { AppError } from '@apiplay/core';
import type { AppContext } from '../../context';
import { isEnvAdmin } from '../admin/env-admins';
import { getUser } from './get-user';

/** Guard for instance-wide administration (`users.is_admin` or ADMIN_EMAILS): FORBIDDEN for everyone else. */
export async function requireInstanceAdmin(
  ctx: Pick<AppContext, 'db' | 'userCache' | 'config'>,
  userId: string,
  /** The request's `AuthInfo.noticeTicket`. */
  noticeTicket?: number,
): Promise<void> {
  const user = await getUser({ db: ctx.db, userId, cache: ctx.userCache, noticeTicket });
  if (!(user.isAdmin || isEnvAdmin(ctx, user.email))) {
    throw new AppError('FORBIDDEN', 'Instance administrators only');
  }
}
