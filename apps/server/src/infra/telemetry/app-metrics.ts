import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: from sub-millisecond loopback sends to the 10-minute execution timeout. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600];

/** Live readings taken when Prometheus scrapes (queue lengths, pool state), filled in by context.ts. */
export interface MetricSources {
  jobQueue?: () => Promise<{ waiting: number; active: number; delayed: number }>;
  historyPending?: () => number;
  scriptPool?: () => { workers: number; running: number; queued: number; replaced: number };
  wsConnections?: () => number;
}

/**
 * Every application metric, on one registry per app (tests build many apps in one process). Names are the
 * contract with `deploy/grafana/dashboard.json` (a test checks every name the dashboard queries against a real
 * scrape). Labels are bounded sets: outcomes, job types, event types, route patterns — never ids or URLs.
 */
export function createAppMetrics(registry = new Registry()) {
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const sources: MetricSources = {};
  const metrics = {
    registry,
    sources,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    executions: new Counter({
      name: 'apiplay_executions_total',
      help: 'Requests executed by the server: kind send (a Send) or run (a run step); outcome ok, failed (an assertion or script failed) or error (no response)',
      labelNames: ['kind', 'outcome'] as const,
      registers,
    }),
    executionDuration: new Histogram({
      name: 'apiplay_execution_duration_seconds',
      help: 'Duration of executed requests (scripts included), by kind and outcome',
      labelNames: ['kind', 'outcome'] as const,
      buckets: DURATION_BUCKETS,
      registers,
    }),
    runsFinished: new Counter({
      name: 'apiplay_runs_finished_total',
      help: 'Collection runs that ended, by status (passed, failed, aborted), plus handed_back (stopped by a worker shutdown, queued again)',
      labelNames: ['status'] as const,
      registers,
    }),
    runDuration: new Histogram({
      name: 'apiplay_run_duration_seconds',
      help: 'Duration of one attempt of a collection run in a worker',
      buckets: [0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    }),
    jobsFinished: new Counter({
      name: 'apiplay_jobs_finished_total',
      help: 'Background job attempts that ended, by type and outcome (completed, failed, retried, handed_back)',
      labelNames: ['type', 'outcome'] as const,
      registers,
    }),
    jobWait: new Histogram({
      name: 'apiplay_job_wait_seconds',
      help: 'Time a background job waited in the queue before a worker started it',
      labelNames: ['type'] as const,
      buckets: [0.005, 0.025, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    }),
    jobDuration: new Histogram({
      name: 'apiplay_job_duration_seconds',
      help: 'Time a worker spent on a background job attempt',
      labelNames: ['type'] as const,
      buckets: DURATION_BUCKETS,
      registers,
    }),
    wsEvents: new Counter({
      name: 'apiplay_ws_events_sent_total',
      help: 'Live events sent to /ws clients (one per client that received it), by event type',
      labelNames: ['type'] as const,
      registers,
    }),
    historyWritten: new Counter({
      name: 'apiplay_history_rows_written_total',
      help: 'History rows the history writer wrote (outcome written) or could not write (outcome failed)',
      labelNames: ['outcome'] as const,
      registers,
    }),
  };
  new Gauge({
    name: 'apiplay_jobs_queued',
    help: 'Background jobs in the queue by state (waiting, active, delayed); shared by every process in server mode',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      const counts = await sources.jobQueue?.().catch(() => undefined);
      for (const state of ['waiting', 'active', 'delayed'] as const) {
        this.set({ state }, counts?.[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'apiplay_ws_connections',
    help: 'Open /ws connections on this instance',
    registers,
    collect() {
      this.set(sources.wsConnections?.() ?? 0);
    },
  });
  new Gauge({
    name: 'apiplay_history_writer_pending',
    help: 'History rows queued in this process, not yet written',
    registers,
    collect() {
      this.set(sources.historyPending?.() ?? 0);
    },
  });
  new Gauge({
    name: 'apiplay_script_workers',
    help: 'Script worker threads of this process, by state (busy: running a task, idle)',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const s = sources.scriptPool?.();
      this.set({ state: 'busy' }, Math.min(s?.running ?? 0, s?.workers ?? 0));
      this.set({ state: 'idle' }, Math.max(0, (s?.workers ?? 0) - (s?.running ?? 0)));
    },
  });
  new Gauge({
    name: 'apiplay_script_tasks_queued',
    help: 'Executions with scripts waiting for a script worker thread',
    registers,
    collect() {
      this.set(sources.scriptPool?.().queued ?? 0);
    },
  });
  new Gauge({
    name: 'apiplay_script_workers_replaced',
    help: 'Script worker threads terminated and replaced because a script stalled them (since start)',
    registers,
    collect() {
      this.set(sources.scriptPool?.().replaced ?? 0);
    },
  });
  return metrics;
}

export type AppMetrics = ReturnType<typeof createAppMetrics>;

/** An execution's outcome label: error (no response), failed (assertion or script failed), ok. */
export function executionOutcome(e: {
  error?: unknown;
  scriptFailures: readonly unknown[];
  assertions: readonly { passed: boolean; skipped?: boolean }[];
}): 'ok' | 'failed' | 'error' {
  if (e.error !== undefined) {
    return 'error';
  }
  return e.scriptFailures.length > 0 || e.assertions.some((a) => !a.passed && !a.skipped) ? 'failed' : 'ok';
}
