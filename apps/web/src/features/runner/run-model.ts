import type { TExecution, TRunReport } from '@apiplay/core';

export interface RunView {
  status: 'idle' | 'running' | 'passed' | 'failed' | 'aborted';
  total: number;
  executions: TExecution[];
  report: TRunReport | null;
  current: string | null;
  /** Why the run failed or aborted, when not an assertion. */
  reason?: string | null;
}

export const emptyRun: RunView = { status: 'idle', total: 0, executions: [], report: null, current: null };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Pull the runner event out of a WebSocket message, whatever envelope the server puts around it. */
export function extractRunEvent(msg: unknown, runId: string): Record<string, unknown> | null {
  if (!isRecord(msg)) {
    return null;
  }
  // Workspace live event envelope: `{ type: 'event', event: { type: 'run.progress', data: { runId, … } } }`.
  if (msg.type === 'event' && isRecord(msg.event)) {
    const live = msg.event;
    const data = isRecord(live.data) ? live.data : {};
    if (data.runId !== runId) {
      return null;
    }
    const inner = isRecord(data.event) ? data.event : data;
    if (live.type === 'run.started') {
      return { type: 'start', ...inner };
    }
    if (live.type === 'run.finished') {
      return isRecord(data.report) ? { type: 'done', report: data.report } : { type: 'finished' };
    }
    if (isRecord(inner.execution)) {
      return { type: 'item', execution: inner.execution };
    }
    return typeof inner.type === 'string' ? extractRunEvent(inner, runId) : null;
  }
  const id = msg.runId ?? (isRecord(msg.payload) ? msg.payload.runId : undefined);
  if (id !== undefined && id !== runId) {
    return null;
  }
  for (const candidate of [
    msg.event,
    isRecord(msg.payload) ? msg.payload.event : undefined,
    msg.payload,
    msg,
  ]) {
    if (isRecord(candidate) && typeof candidate.type === 'string') {
      const t = candidate.type.replace(/^run[.:]/, '');
      if (['start', 'item', 'done', 'beforeRequest', 'response', 'error', 'iteration'].includes(t)) {
        return { ...candidate, type: t };
      }
    }
  }
  return null;
}

/** Fold one runner event into the view. */
export function applyRunEvent(view: RunView, ev: Record<string, unknown>): RunView {
  switch (ev.type) {
    case 'start': {
      const iterations = typeof ev.iterations === 'number' ? ev.iterations : 1;
      const per = typeof ev.requestsPerIteration === 'number' ? ev.requestsPerIteration : 0;
      return { ...view, status: 'running', total: iterations * per };
    }
    case 'beforeRequest': {
      const req = isRecord(ev.request) ? ev.request : {};
      return { ...view, status: 'running', current: `${String(req.method ?? '')} ${String(req.url ?? '')}` };
    }
    case 'item':
      return isRecord(ev.execution)
        ? {
            ...view,
            status: 'running',
            executions: [...view.executions, ev.execution as unknown as TExecution],
          }
        : view;
    case 'done': {
      const report = isRecord(ev.report) ? (ev.report as unknown as TRunReport) : null;
      return report ? fromReport(report) : { ...view, status: 'passed', current: null };
    }
    default:
      return view;
  }
}

export function fromReport(report: TRunReport): RunView {
  return {
    status: report.status,
    total: report.executions.length,
    executions: report.executions,
    report,
    current: null,
  };
}

export function executionFailed(e: TExecution): boolean {
  return Boolean(e.error) || e.assertions.some((a) => !a.passed && !a.skipped) || e.scriptFailures.length > 0;
}

/** Histogram buckets of latencies (ms). */
export function histogram(values: number[], buckets = 12): { from: number; to: number; count: number }[] {
  if (values.length === 0) {
    return [];
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  const width = Math.max(1, (max - min) / buckets);
  const out = Array.from({ length: buckets }, (_, i) => ({
    from: min + i * width,
    to: min + (i + 1) * width,
    count: 0,
  }));
  for (const v of values) {
    const i = Math.min(buckets - 1, Math.floor((v - min) / width));
    const b = out[i];
    if (b) {
      b.count++;
    }
  }
  return out;
}
