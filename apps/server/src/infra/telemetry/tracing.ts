import { type Attributes, context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * OpenTelemetry traces, opt-in with OTEL_EXPORTER_OTLP_ENDPOINT. Code creates spans through the API package
 * (`@opentelemetry/api`, a few kB): without a registered provider they are non-recording and cost next to nothing.
 * The SDK and the OTLP/HTTP exporter are imported only by `startTracing`, so a server without the setting never
 * loads them. Spans: HTTP requests (plugins/tracing.ts), database queries (`traceDatabase`), executions and run
 * steps (services), jobs (`inJobSpan`, both queues).
 */
export const tracer = () => trace.getTracer('apiplay');

/**
 * The exports of a lazily imported CommonJS package: from source they are the namespace's own names; in the esbuild
 * bundle a CommonJS module's names sit under `default`.
 */
export function commonJsExports<T extends object>(name: string): (mod: T) => T {
  return (mod) => (name in mod ? mod : ((mod as { default?: unknown }).default as T));
}

export interface Tracing {
  /** Sends the spans buffered so far. */
  flush(): Promise<void>;
  /** Sends what is buffered and stops (the process is about to exit). */
  shutdown(): Promise<void>;
}

export async function startTracing(opts: {
  endpoint: string;
  headers: Record<string, string>;
  serviceName: string;
}): Promise<Tracing> {
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node').then(commonJsExports('NodeTracerProvider')),
      import('@opentelemetry/exporter-trace-otlp-http').then(commonJsExports('OTLPTraceExporter')),
      import('@opentelemetry/resources').then(commonJsExports('resourceFromAttributes')),
    ]);
  const exporter = new OTLPTraceExporter({
    url: `${opts.endpoint.replace(/\/+$/, '')}/v1/traces`,
    headers: opts.headers,
  });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 })],
  });
  // Global: the AsyncLocalStorage context manager (spans nest across awaits) and W3C trace-context propagation.
  provider.register();
  return {
    flush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}

/** Runs `fn` in a new active span; an exception marks the span as an error and is rethrown. */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  return tracer().startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : new Error(String(error)));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** One background job attempt as a consumer span (its queries and executions are its children). */
export function inJobSpan<T>(
  job: { id: string; type: string; attempt: number },
  fn: () => Promise<T>,
): Promise<T> {
  return inSpan(
    `job ${job.type}`,
    {
      'messaging.system': 'apiplay',
      'messaging.operation.type': 'process',
      'job.type': job.type,
      'job.id': job.id,
      'job.attempt': job.attempt,
    },
    () => fn(),
    SpanKind.CONSUMER,
  );
}

type QueryFn = (...args: unknown[]) => Promise<unknown>;

/** The statement's text without its parameters (they may hold user data); long statements are cut. */
function statementOf(arg: unknown): string {
  const text = typeof arg === 'string' ? arg : ((arg as { text?: unknown } | null)?.text ?? '');
  return String(text).slice(0, 2000);
}

function wrapQuery(target: Record<string, unknown>, method: string, system: string): void {
  const original = target[method];
  if (typeof original !== 'function' || (original as { __apiplayTraced?: boolean }).__apiplayTraced) {
    return;
  }
  const traced: QueryFn = function (this: unknown, ...args: unknown[]) {
    const statement = statementOf(args[0]);
    const operation = /^\s*(\w+)/.exec(statement)?.[1]?.toUpperCase() ?? 'QUERY';
    return inSpan(
      `db ${operation}`,
      { 'db.system.name': system, 'db.operation.name': operation, 'db.query.text': statement },
      () => (original as QueryFn).apply(this, args),
      SpanKind.CLIENT,
    );
  };
  (traced as { __apiplayTraced?: boolean }).__apiplayTraced = true;
  target[method] = traced;
}

/**
 * Database spans: wraps the driver under Drizzle — PGlite's `query`/`exec` (and a transaction's), or the pg
 * pool's `query` and the clients it hands out (transactions). Only when tracing is on (context.ts).
 */
export function traceDatabase(client: unknown, kind: 'pglite' | 'postgres'): void {
  const target = client as Record<string, unknown>;
  if (kind === 'pglite') {
    wrapQuery(target, 'query', 'postgresql');
    wrapQuery(target, 'exec', 'postgresql');
    const transaction = target.transaction;
    if (typeof transaction === 'function') {
      target.transaction = function (this: unknown, fn: (tx: unknown) => Promise<unknown>) {
        return (transaction as (f: (tx: unknown) => Promise<unknown>) => Promise<unknown>).call(
          this,
          (tx) => {
            wrapQuery(tx as Record<string, unknown>, 'query', 'postgresql');
            wrapQuery(tx as Record<string, unknown>, 'exec', 'postgresql');
            return fn(tx);
          },
        );
      };
    }
    return;
  }
  wrapQuery(target, 'query', 'postgresql');
  const connect = target.connect;
  if (typeof connect === 'function') {
    target.connect = async function (this: unknown, ...args: unknown[]) {
      const c = await (connect as QueryFn).apply(this, args);
      if (c !== null && typeof c === 'object') {
        wrapQuery(c as Record<string, unknown>, 'query', 'postgresql');
      }
      return c;
    };
  }
}
