import { AppError, type TInstanceSettingsPatch, type TInstanceSettingsResponse } from '@apiplay/core';
import type { AppContext } from '../../context';
import { appMeta } from '../../db/schema';
import { recordAudit } from '../audit/record-audit';
import {
  readStoredSettings,
  SETTINGS_KEY,
  type StoredSettings,
  settingsDefaults,
  settingsResponse,
} from './instance-settings';

/**
 * Stores instance settings: each given value is kept, each `null` removes the stored one (back to the
 * environment default); feature flags merge flag by flag. Audited with what changed (values are not secret).
 */
export async function updateInstanceSettings(opts: {
  ctx: AppContext;
  actorId: string;
  patch: TInstanceSettingsPatch;
  ip: string;
}): Promise<TInstanceSettingsResponse> {
  const { ctx, patch } = opts;
  if (patch.passwordSignIn === false && ctx.sso.size === 0) {
    // Nobody could sign in any more, the admin included.
    throw new AppError(
      'CONFLICT',
      'Password sign-in cannot be turned off while no single sign-on provider is configured (OIDC_*, GITHUB_*)',
      { field: 'body.passwordSignIn' },
    );
  }
  const stored = await ctx.db.transaction(async (tx) => {
    const current = await readStoredSettings(tx);
    const next: StoredSettings = { ...current };
    for (const key of [
      'signupPolicy',
      'allowedEmailDomains',
      'passwordSignIn',
      'defaultHistoryRetentionDays',
    ] as const) {
      const value = patch[key];
      if (value === null) {
        delete next[key];
      } else if (value !== undefined) {
        Object.assign(next, { [key]: value });
      }
    }
    if (patch.features === null) {
      delete next.features;
    } else if (patch.features !== undefined) {
      next.features = { ...(current.features ?? {}), ...patch.features };
    }
    await tx
      .insert(appMeta)
      .values({ key: SETTINGS_KEY, value: next })
      .onConflictDoUpdate({ target: appMeta.key, set: { value: next, updatedAt: new Date() } });
    await recordAudit(tx, {
      action: 'admin.settings_changed',
      actorId: opts.actorId,
      targetType: 'instance',
      ip: opts.ip,
      meta: { changes: patch },
    });
    return next;
  });
  ctx.settings.invalidate();
  return settingsResponse(settingsDefaults(ctx.config), stored);
}
