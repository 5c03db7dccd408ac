import {
  featureFlags,
  type TFeatureFlag,
  type TInstanceSettings,
  type TInstanceSettingsPatch,
  type TInstanceSettingsResponse,
  ZInstanceSettingsPatch,
} from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { AppConfig } from '../../config/env';
import type { DbOrTx } from '../../db/client';
import { appMeta } from '../../db/schema';

/** The `app_meta` row holding the settings an admin stored (only those; the rest follow the environment). */
export const SETTINGS_KEY = 'instance.settings';

/** What is stored: the overridden settings only (a stored `features` holds only the flags that were set). */
export type StoredSettings = Omit<TInstanceSettingsPatch, 'features'> & {
  features?: Partial<Record<TFeatureFlag, boolean>> | null;
};

/** The environment defaults of every instance setting. */
export function settingsDefaults(config: AppConfig): TInstanceSettings {
  const d = config.settingsDefaults;
  const features = Object.fromEntries(
    featureFlags.map((f) => [f, !d.disabledFeatures.includes(f)]),
  ) as Record<TFeatureFlag, boolean>;
  return {
    signupPolicy: d.signupPolicy,
    allowedEmailDomains: d.allowedEmailDomains,
    passwordSignIn: d.passwordSignIn,
    defaultHistoryRetentionDays: d.defaultHistoryRetentionDays,
    features,
  };
}

/** Reads what is stored; a row that no longer parses (hand-edited) counts as nothing stored. */
export async function readStoredSettings(db: DbOrTx): Promise<StoredSettings> {
  const [row] = await db.select().from(appMeta).where(eq(appMeta.key, SETTINGS_KEY));
  const parsed = ZInstanceSettingsPatch.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : {};
}

/** Stored settings over environment defaults. */
export function effectiveSettings(defaults: TInstanceSettings, stored: StoredSettings): TInstanceSettings {
  return {
    signupPolicy: stored.signupPolicy ?? defaults.signupPolicy,
    allowedEmailDomains: stored.allowedEmailDomains ?? defaults.allowedEmailDomains,
    passwordSignIn: stored.passwordSignIn ?? defaults.passwordSignIn,
    defaultHistoryRetentionDays: stored.defaultHistoryRetentionDays ?? defaults.defaultHistoryRetentionDays,
    features: { ...defaults.features, ...(stored.features ?? {}) },
  };
}

/** The admin view: in effect, the environment defaults, and which settings are stored. */
export function settingsResponse(
  defaults: TInstanceSettings,
  stored: StoredSettings,
): TInstanceSettingsResponse {
  const overridden = Object.entries(stored)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k]) => k);
  return { settings: effectiveSettings(defaults, stored), defaults, overridden };
}
