import { buildApp } from './app';
import { ConfigError, loadConfigFromProcess } from './config/env';

/**
 * Worker-only process (`npm run worker`, `apiplay worker`): processes background jobs (executions, collection
 * runs, exports, history cleanup) from BullMQ and publishes their events; serves no HTTP. Run as many as needed.
 */
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
  if (config.embedded || config.redisUrl === undefined) {
    process.stderr.write(
      'apiplay worker needs DATABASE_URL and REDIS_URL: in embedded mode the server runs jobs itself.\n',
    );
    process.exit(1);
  }
  const app = await buildApp(config);
  await app.content.startWorker();
  app.log.info({ queue: app.content.jobs.kind }, 'worker started');
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      return;
    }
    closing = true;
    app.log.info({ signal }, 'worker stopping: finishing active jobs');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
