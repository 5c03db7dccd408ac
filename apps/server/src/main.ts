import { mkdirSync } from 'node:fs';
import { openDatabase, pgliteDataDir } from './db/client';
import { claimDataDir } from './lib/data-dir-lock';
import { exitOnSignals, loadConfigOrExit, runEntryPoint } from './process-lifecycle';

// Entry point: the only file with process-level side effects (signals, exit codes).
runEntryPoint(async () => {
  const config = loadConfigOrExit();
  // Open the database first, then load the app module (a separate bundle chunk with Fastify and every route):
  // PGlite's WebAssembly compile and data-dir reads overlap with module loading, which shortens boot.
  if (config.databaseUrl === undefined) {
    mkdirSync(config.dataDir, { recursive: true });
    claimDataDir(config.dataDir); // `apiplay admin` refuses to open the embedded database while this runs
  }
  const database =
    config.databaseUrl === undefined
      ? openDatabase({ kind: 'pglite', dataDir: pgliteDataDir(config.dataDir) })
      : openDatabase({ kind: 'postgres', url: config.databaseUrl, poolMax: config.databasePoolMax });
  const { buildApp } = await import('./app');
  const app = await buildApp(config, { database: await database });
  exitOnSignals(app, {
    message: 'shutting down: no new connections, finishing in-flight requests',
    timeoutMs: 15_000,
  });
  await app.listen({ port: config.port, host: config.host });
});
