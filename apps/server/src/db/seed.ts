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
  // The sample targets http://apiplay.internal: executions reach the built-in echo by name in both modes.
  await seedSampleContent({
    db: ctx.db,
    box: ctx.secretBox,
    userId: opts.userId,
    workspaceId: opts.workspaceId,
  });
}
