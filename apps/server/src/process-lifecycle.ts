import type { FastifyBaseLogger } from 'fastify';
import { type AppConfig, ConfigError, loadConfigFromProcess } from './config/env';

/** What the entry points need of the app to shut it down. */
interface Closable {
  log: FastifyBaseLogger;
  close(): PromiseLike<unknown>;
}

/** Config from the environment, or every problem printed to stderr and exit 1 (both entry points promise this). */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfigFromProcess();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

/**
 * On SIGTERM/SIGINT, close the app once — it stops accepting, finishes in-flight work and runs its onClose hooks
 * (database flush/close) — then exit 0; exit 1 when closing fails or takes longer than `timeoutMs`.
 */
export function exitOnSignals(app: Closable, opts: { message: string; timeoutMs: number }): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      return;
    }
    closing = true;
    app.log.info({ signal }, opts.message);
    const force = setTimeout(() => {
      app.log.error(`shutdown timed out after ${opts.timeoutMs / 1000} s`);
      process.exit(1);
    }, opts.timeoutMs);
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
}

/** Runs an entry point; an unexpected failure is printed with its stack and exits 1. */
export function runEntryPoint(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    if (err instanceof ConfigError) {
      // A setting that does not work (e.g. an unreachable REDIS_URL): its message names it.
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
