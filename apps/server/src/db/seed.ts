import type { AppContext } from '../context';
import { seedSampleContent } from '../services/collections/seed-sample';
import { createSecretBox, sealStoredSecrets } from '../services/secrets';

/**
 * First-run seed hook, called by buildApp after migrations on every boot. The content area fills it in (sample
 * workspace against the built-in echo); it must be idempotent (e.g. guard with a row in `app_meta`).
 */
export async function runBootSeed(opts: { ctx: AppContext }): Promise<void> {
  // Secrets written in clear by older versions (collection and folder variables) are sealed once.
  await sealStoredSecrets({ db: opts.ctx.db, box: createSecretBox(opts.ctx.secrets.secretsKey) });
}

/**
 * Called by registration right after a user's personal workspace is created (inside no transaction).
 * The content area may add sample content here.
 */
export async function seedPersonalWorkspace(opts: {
  ctx: AppContext;
  userId: string;
  workspaceId: string;
}): Promise<void> {
  const { ctx } = opts;
  // The browser reaches the server on localhost; the sample environment points there.
  await seedSampleContent({
    db: ctx.db,
    box: createSecretBox(ctx.secrets.secretsKey),
    userId: opts.userId,
    workspaceId: opts.workspaceId,
    baseUrl: `http://localhost:${ctx.config.port}`,
  });
}
