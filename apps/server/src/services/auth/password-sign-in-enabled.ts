import type { AppContext } from '../../context';

/**
 * Whether email + password sign-in and sign-up are on. The one place that decides it: PASSWORD_SIGNIN_ENABLED
 * today; the admin panel's instance setting is read here too when it exists (it can only turn it off).
 */
export async function passwordSignInEnabled(ctx: Pick<AppContext, 'config'>): Promise<boolean> {
  return ctx.config.passwordSignInEnabled;
}
