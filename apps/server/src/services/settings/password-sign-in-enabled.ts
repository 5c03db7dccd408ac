import { AppError } from '@apiplay/core';
import type { AppContext } from '../../context';

/** Whether email + password sign-in is offered: the instance setting (admin panel) over PASSWORD_SIGNIN. */
export async function passwordSignInEnabled(ctx: Pick<AppContext, 'settings'>): Promise<boolean> {
  return (await ctx.settings.get()).passwordSignIn;
}

/** Throws 403 when an admin turned password sign-in off. */
export async function requirePasswordSignIn(ctx: Pick<AppContext, 'settings'>): Promise<void> {
  if (!(await passwordSignInEnabled(ctx))) {
    throw new AppError('FORBIDDEN', 'Password sign-in is turned off on this instance', {
      setting: 'passwordSignIn',
    });
  }
}
