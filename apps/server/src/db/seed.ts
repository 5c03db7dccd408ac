import type { AppContext } from '../context';
import { seedSampleContent } from '../services/collections/seed-sample';

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
    box: ctx.secretBox,
    userId: opts.userId,
    workspaceId: opts.workspaceId,
    baseUrl: `http://localhost:${ctx.config.port}`,
  });
}
