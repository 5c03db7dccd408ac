import { ConfigError, loadConfigFromProcess } from './config/env';
import { openDatabase, pgliteDataDir } from './db/client';

// Entry point: the only file with process-level side effects (signals, exit codes).
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfigFromProcess>;
  try {
    config = loadConfigFromProcess();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  // Open the database first, then load the app module (a separate bundle chunk with Fastify and every route):
  // PGlite's WebAssembly compile and data-dir reads overlap with module loading, which shortens boot.
  const database =
    config.databaseUrl === undefined
      ? openDatabase({ kind: 'pglite', dataDir: pgliteDataDir(config.dataDir) })
      : openDatabase({ kind: 'postgres', url: config.databaseUrl, poolMax: config.databasePoolMax });
  const { buildApp } = await import('./app');
  const app = await buildApp(config, { database: await database });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      return;
    }
    closing = true;
    app.log.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    // app.close() stops listening, waits for in-flight requests, then runs onClose hooks (database flush/close).
    const force = setTimeout(() => {
      app.log.error('shutdown timed out after 15 s');
      process.exit(1);
    }, 15_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
