import { buildApp } from './app';
import { exitOnSignals, loadConfigOrExit, runEntryPoint } from './process-lifecycle';

/**
 * Worker-only process (`npm run worker`, `apiplay worker`): processes background jobs (executions, collection
 * runs, exports, history cleanup) from BullMQ and publishes their events; serves no HTTP. Run as many as needed.
 */
runEntryPoint(async () => {
  const config = loadConfigOrExit();
  if (config.embedded || config.redisUrl === undefined) {
    process.stderr.write(
      'apiplay worker needs DATABASE_URL and REDIS_URL: in embedded mode the server runs jobs itself.\n',
    );
    process.exit(1);
  }
  const app = await buildApp(config);
  await app.ctx.startWorker();
  app.log.info({ queue: app.ctx.jobs.kind }, 'worker started');
  exitOnSignals(app, {
    message: 'worker stopping: active runs go back to the queue after their step in flight',
    timeoutMs: 30_000,
  });
});
