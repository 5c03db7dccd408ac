import type { AppContext } from '../../context';

/**
 * Whether email + password sign-in and sign-up are on. The one place that decides it: the admin panel's instance
 * setting, which defaults to PASSWORD_SIGNIN_ENABLED until an admin stores one (services/settings).
 */
export async function passwordSignInEnabled(ctx: Pick<AppContext, 'settings'>): Promise<boolean> {
  return (await ctx.settings.get()).passwordSignIn;
}
