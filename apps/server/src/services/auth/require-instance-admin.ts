import { AppError } from '@apiplay/core';
import type { AppContext } from '../../context';
import { getUser } from './get-user';

/** Guard for instance-wide administration (`users.is_admin`): FORBIDDEN for everyone else. */
export async function requireInstanceAdmin(
  ctx: Pick<AppContext, 'db' | 'userCache'>,
  userId: string,
): Promise<void> {
  const user = await getUser({ db: ctx.db, userId, cache: ctx.userCache });
  if (!user.isAdmin) {
    throw new AppError('FORBIDDEN', 'Instance administrators only');
  }
}
