import { scrubCredentials } from './scrub';
import { commonJsExports } from './tracing';

/** What the app reports besides the log: unexpected errors, with where they happened (never credentials). */
export interface ErrorReporter {
  capture(error: unknown, where: { kind: 'http' | 'job' | 'process'; [key: string]: unknown }): void;
  /** Sends what is queued and stops (the process is about to exit). */
  close(): Promise<void>;
}

/**
 * Error reporting to Sentry (or a Sentry-compatible service), opt-in with SENTRY_DSN; `@sentry/node` is imported
 * only then. Every event and breadcrumb passes `scrubCredentials` (Authorization, cookies, tokens, passwords, API
 * keys) before it leaves, and no personal data is attached by default (`sendDefaultPii: false`). Sentry's own
 * tracing stays off: traces go through OpenTelemetry (OTEL_EXPORTER_OTLP_ENDPOINT).
 */
export async function startErrorReporting(opts: {
  dsn: string;
  environment: string;
  release: string;
  serverName: string;
}): Promise<ErrorReporter> {
  const Sentry = await import('@sentry/node').then(commonJsExports('init'));
  const client = Sentry.init({
    dsn: opts.dsn,
    environment: opts.environment,
    release: opts.release,
    serverName: opts.serverName,
    sendDefaultPii: false,
    skipOpenTelemetrySetup: true,
    // Only what needs no OpenTelemetry of Sentry's own: uncaught exceptions, unhandled rejections, context.
    defaultIntegrations: false,
    integrations: [
      Sentry.onUncaughtExceptionIntegration(),
      Sentry.onUnhandledRejectionIntegration(),
      Sentry.linkedErrorsIntegration(),
      Sentry.contextLinesIntegration(),
      Sentry.nodeContextIntegration(),
      Sentry.dedupeIntegration(),
    ],
    beforeSend: (event) => scrubCredentials(event),
    beforeBreadcrumb: (breadcrumb) => scrubCredentials(breadcrumb),
  });
  return {
    capture(error, where) {
      Sentry.withScope((scope) => {
        scope.setTag('where', where.kind);
        scope.setContext('apiplay', scrubCredentials(where));
        Sentry.captureException(error);
      });
    },
    async close() {
      await client?.close(2000);
    },
  };
}
