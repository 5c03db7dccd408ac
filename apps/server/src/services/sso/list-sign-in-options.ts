import type { TSignInOptions, TSsoProviderId } from '@apiplay/core';
import type { AppContext } from '../../context';
import { passwordSignInEnabled } from '../auth/password-sign-in-enabled';

/** What the sign-in page offers: password (unless turned off) and a button per configured provider. */
export async function listSignInOptions(opts: { ctx: AppContext }): Promise<TSignInOptions> {
  const { ctx } = opts;
  const providers: Array<{ id: TSsoProviderId; name: string }> = [];
  for (const p of ctx.sso.values()) {
    providers.push({ id: p.id, name: p.name });
  }
  return {
    password: await passwordSignInEnabled(ctx),
    providers,
    emailVerificationRequired: ctx.config.requireEmailVerification,
  };
}
