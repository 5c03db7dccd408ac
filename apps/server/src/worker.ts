import type { Server } from 'node:http';
import { buildApp } from './app';
import { serveWorkerMetrics } from './infra/telemetry/metrics-server';
import { exitOnSignals, loadConfigOrExit, runEntryPoint } from './process-lifecycle';

/**
 * Worker-only process (`npm run worker`, `apiplay worker`): processes background jobs (executions, collection
 * runs, exports, history cleanup) from BullMQ and publishes their events; serves no API (only `/metrics` on
 * WORKER_METRICS_PORT). Run as many as needed.
 */
runEntryPoint(async () => {
  const config = loadConfigOrExit();
  if (config.embedded || config.redisUrl === undefined) {
    process.stderr.write(
      'apiplay worker needs DATABASE_URL and REDIS_URL: in embedded mode the server runs jobs itself.\n',
    );
    process.exit(1);
  }
  const app = await buildApp(config, { role: 'worker' });
  await app.ctx.startWorker();
  let metricsServer: Server | undefined;
  if (config.workerMetricsPort !== undefined && config.metricsToken === undefined) {
    app.log.warn('WORKER_METRICS_PORT is set but METRICS_TOKEN is not: worker metrics stay off');
  }
  if (config.workerMetricsPort !== undefined && config.metricsToken !== undefined) {
    metricsServer = await serveWorkerMetrics({
      registry: app.ctx.metrics.registry,
      token: config.metricsToken,
      host: config.host,
      port: config.workerMetricsPort,
    });
    app.log.info({ port: config.workerMetricsPort }, 'worker metrics on /metrics');
  }
  app.log.info({ queue: app.ctx.jobs.kind }, 'worker started');
  const closable = {
    log: app.log,
    close: async () => {
      metricsServer?.close();
      await app.close();
    },
  };
  exitOnSignals(closable, {
    message: 'worker stopping: active runs go back to the queue after their step in flight',
    timeoutMs: 30_000,
  });
});
