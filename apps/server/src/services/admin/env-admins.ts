import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { users } from '../../db/schema';

type UserRow = typeof users.$inferSelect;

/** Whether the user is named in ADMIN_EMAILS (such admins cannot be demoted from the admin panel). */
export function isEnvAdmin(ctx: Pick<AppContext, 'config'>, email: string): boolean {
  return ctx.config.adminEmails.includes(email.toLowerCase());
}

/**
 * Makes a user listed in ADMIN_EMAILS an instance admin (at sign-up and every sign-in, so adding an address to
 * the list takes effect at that user's next sign-in). Returns the row as it now is.
 */
export async function syncEnvAdmin(ctx: AppContext, user: UserRow): Promise<UserRow> {
  if (user.isAdmin || !isEnvAdmin(ctx, user.email)) {
    return user;
  }
  const [row] = await ctx.db
    .update(users)
    .set({ isAdmin: true, updatedAt: new Date() })
    .where(eq(users.id, user.id))
    .returning();
  ctx.userCache.invalidate(user.id);
  await ctx.authChanges.publish(user.id);
  return row ?? user;
}
