import type { RunEvent, TExecution, TRunReport } from '@apiplay/core';
import pc from 'picocolors';
import type { Reporter, ReporterOptions } from './types';

function formatBytes(n: number): string {
  if (n < 1024) {
    return `${n}B`;
  }
  if (n < 1024 * 1024) {
    return `${(n / 1024).toFixed(1)}kB`;
  }
  return `${(n / 1024 / 1024).toFixed(1)}MB`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}

interface Failure {
  kind: string;
  title: string;
  detail: string;
  where: string;
}

function failuresOf(executions: readonly TExecution[]): Failure[] {
  const out: Failure[] = [];
  for (const e of executions) {
    const where = `iteration ${e.iteration + 1}, inside "${[...e.path, e.name].join(' / ')}"`;
    if (e.error) {
      out.push({ kind: 'RequestError', title: e.error.code, detail: e.error.message, where });
    }
    for (const f of e.scriptFailures) {
      const line = f.line === undefined ? '' : ` (line ${f.line})`;
      out.push({
        kind: 'ScriptError',
        title: `${f.phase === 'preRequest' ? 'pre-request' : 'test'} script of ${f.source}${line}`,
        detail: f.message,
        where,
      });
    }
    for (const a of e.assertions) {
      if (!a.passed && !a.skipped) {
        out.push({ kind: 'AssertionError', title: a.name, detail: a.error ?? 'failed', where });
      }
    }
  }
  return out;
}

const FLUSH_EVERY_MS = 50;
const FLUSH_BYTES = 64 * 1024;

/** Newman-like console output: each request with its assertions, a summary table and failure details. */
export function createCliReporter(opts: ReporterOptions): Reporter {
  const { out, err } = opts;
  const progress = err.isTTY === true;
  let buffer = '';
  let total = 0;
  let done = 0;
  let barShown = false;
  let lastBar = 0;
  let lastFlush = 0;
  let index = 0;

  const flush = (): void => {
    if (buffer === '') {
      return;
    }
    if (barShown) {
      err.write('\r\x1b[K');
      barShown = false;
    }
    out.write(buffer);
    buffer = '';
    lastFlush = Date.now();
  };
  // stdout to a pipe or file is written synchronously: one write per request costs a syscall (and wakes the reader)
  // each time, so finished requests go out together, at most 50 ms late.
  const flushSoon = (): void => {
    if (Date.now() - lastFlush >= FLUSH_EVERY_MS || buffer.length > FLUSH_BYTES) {
      flush();
    }
  };
  const drawBar = (force = false): void => {
    const now = Date.now();
    if (!progress || total === 0 || (!force && now - lastBar < 80)) {
      return;
    }
    lastBar = now;
    const width = Math.max(10, Math.min(40, (err.columns ?? 80) - 30));
    const ratio = Math.min(1, done / total);
    const filled = Math.round(ratio * width);
    err.write(`\r\x1b[K${pc.cyan('█'.repeat(filled))}${pc.dim('░'.repeat(width - filled))} ${done}/${total}`);
    barShown = true;
  };

  return {
    name: 'cli',
    onEvent(event: RunEvent): void {
      switch (event.type) {
        case 'start':
          total = event.iterations * event.requestsPerIteration;
          buffer += `${pc.bold('apiplay')}\n\n${event.collection.name}\n`;
          break;
        case 'iteration':
          if (event.iterations > 1) {
            buffer += `\n${pc.dim(`Iteration ${event.iteration + 1}/${event.iterations}`)}\n`;
          }
          break;
        case 'beforeRequest':
          buffer += `\n→ ${event.cursor.path.length > 0 ? `${event.cursor.path.join(' / ')} / ` : ''}${event.cursor.name}\n`;
          break;
        case 'response': {
          const r = event.response;
          const line = r
            ? `[${r.status} ${r.statusText}, ${formatBytes(r.size)}, ${formatMs(r.timings.total)}]`
            : pc.red(`[errored] ${event.error?.code ?? ''} ${event.error?.message ?? ''}`);
          buffer += `  ${event.request.method} ${event.request.url} ${line}\n`;
          break;
        }
        case 'console':
          buffer += `  ${pc.dim('│')} ${event.entry.message.split('\n').join(`\n  ${pc.dim('│')} `)}\n`;
          break;
        case 'assertion':
          if (event.assertion.skipped) {
            buffer += `  ${pc.dim('-')}  ${pc.dim(event.assertion.name)}\n`;
          } else if (event.assertion.passed) {
            buffer += `  ${pc.green('✓')}  ${event.assertion.name}\n`;
          } else {
            index += 1;
            buffer += `  ${pc.red(`${index}.`)} ${pc.red(event.assertion.name)}\n`;
          }
          break;
        case 'error':
          if (event.kind === 'script' && event.failure) {
            index += 1;
            buffer += `  ${pc.red(`${index}.`)} ${pc.red(`${event.failure.phase === 'preRequest' ? 'pre-request' : 'test'} script error: ${event.message}`)}\n`;
          } else if (event.kind === 'run') {
            buffer += `  ${pc.yellow('!')} ${event.message}\n`;
          }
          break;
        case 'item':
          done += 1;
          flushSoon();
          drawBar();
          break;
        case 'done':
          break;
        default: {
          const never: never = event;
          throw new Error(`unhandled event ${String(never)}`);
        }
      }
    },
    finish(report: TRunReport): void {
      flush();
      if (barShown) {
        err.write('\r\x1b[K');
        barShown = false;
      }
      out.write(`\n${summary(report)}\n`);
    },
  };
}

function summary(report: TRunReport): string {
  const e = report.executions;
  let preFailed = 0;
  let testFailed = 0;
  let responseTime = 0;
  let responses = 0;
  let bytes = 0;
  for (const x of e) {
    for (const f of x.scriptFailures) {
      if (f.phase === 'preRequest') {
        preFailed += 1;
      } else {
        testFailed += 1;
      }
    }
    if (x.response) {
      responses += 1;
      responseTime += x.response.timings.total;
      bytes += x.response.size;
    }
  }
  const s = report.stats;
  // Scripts that actually ran, as newman counts them (older reports without the counts: one per request).
  const pre = s.scripts.preRequest ?? e.length;
  const test = s.scripts.test ?? responses;
  const rows: [string, number, number][] = [
    ['iterations', s.iterations, 0],
    ['requests', s.requests.total, s.requests.failed],
    ['test-scripts', test, testFailed],
    ['prerequest-scripts', pre, preFailed],
    ['assertions', s.assertions.total, s.assertions.failed],
  ];
  const w1 = 25;
  const w2 = 12;
  const pad = (t: string, n: number) => t.padStart(n);
  const lines: string[] = [];
  lines.push(`┌${'─'.repeat(w1 + 2)}┬${'─'.repeat(w2 + 2)}┬${'─'.repeat(w2 + 2)}┐`);
  lines.push(`│ ${pad('', w1)} │ ${pad('executed', w2)} │ ${pad('failed', w2)} │`);
  lines.push(`├${'─'.repeat(w1 + 2)}┼${'─'.repeat(w2 + 2)}┼${'─'.repeat(w2 + 2)}┤`);
  for (const [label, n, f] of rows) {
    const failed = f > 0 ? pc.red(pad(String(f), w2)) : pad(String(f), w2);
    lines.push(`│ ${pad(label, w1)} │ ${pad(String(n), w2)} │ ${failed} │`);
  }
  const inner = w1 + w2 * 2 + 8;
  lines.push(`├${'─'.repeat(w1 + 2)}┴${'─'.repeat(w2 + 2)}┴${'─'.repeat(w2 + 2)}┤`);
  const duration = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  const info = [
    `total run duration: ${formatMs(duration)}`,
    `total data received: ${formatBytes(bytes)} (approx)`,
    `average response time: ${formatMs(responses > 0 ? responseTime / responses : 0)}`,
  ];
  for (const t of info) {
    lines.push(`│ ${t.padEnd(inner - 2)} │`);
  }
  lines.push(`└${'─'.repeat(inner)}┘`);
  const failures = failuresOf(e);
  if (failures.length > 0) {
    lines.push('');
    lines.push(`  #  failure           detail`);
    failures.forEach((f, i) => {
      const n = `${i + 1}.`.padStart(3);
      lines.push('');
      lines.push(` ${n} ${pc.red(f.kind.padEnd(16))} ${f.title}`);
      for (const line of f.detail.split('\n')) {
        lines.push(`     ${' '.repeat(16)} ${line}`);
      }
      lines.push(`     ${' '.repeat(16)} ${pc.dim(f.where)}`);
    });
  }
  return lines.join('\n');
}
