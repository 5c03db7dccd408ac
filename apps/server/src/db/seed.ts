import type { AppContext } from '../context';

/**
 * First-run seed hook, called by buildApp after migrations on every boot. The content area fills it in (sample
 * workspace against the built-in echo); it must be idempotent (e.g. guard with a row in `app_meta`).
 */
export async function runBootSeed(_opts: { ctx: AppContext }): Promise<void> {}

/**
 * Called by registration right after a user's personal workspace is created (inside no transaction).
 * The content area may add sample content here.
 */
export async function seedPersonalWorkspace(_opts: {
  ctx: AppContext;
  userId: string;
  workspaceId: string;
}): Promise<void> {}
