// Vitest globalSetup: build the migrated PGlite template once before any test file starts.
import { ensurePgliteTemplate } from './src/test/pglite-template';

export default async function setup(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) {
    await ensurePgliteTemplate();
  }
}
