// Runs one generated case through newman (library API, in this process) and through the built `apiplay run`, and
// reduces both to one normalized form: executions in order with what was sent, the status or request error, each
// assertion's verdict, script errors by phase and error name, and console lines with their level.
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runCli } from '../../spawn-cli';
import type { DiffCase } from './dsl';

export interface NormExecution {
  /** `#iteration folder/…/item`. */
  at: string;
  /** `METHOD status`, `METHOD error` or `not sent`. */
  outcome: string;
  assertions: string[];
  scriptErrors: string[];
  console: string[];
}
export interface NormRun {
  executions: NormExecution[];
  exitCode: number;
  stats: {
    iterations: number;
    requests: number;
    prerequestScripts: number;
    testScripts: number;
    assertions: number;
    failedAssertions: number;
  };
}

interface PmItem {
  name: string;
  parent(): PmItem | undefined;
}
interface Cursor {
  scriptId?: string;
  iteration: number;
}
type Cb<T> = (err: (Error & { name: string }) | null, o: T) => void;
interface NewmanEmitter {
  on(event: 'beforeItem', cb: Cb<{ item: PmItem; cursor: Cursor }>): NewmanEmitter;
  on(
    event: 'request',
    cb: Cb<{ request: { method: string }; response?: { code: number }; cursor: Cursor }>,
  ): NewmanEmitter;
  on(event: 'assertion', cb: Cb<{ assertion: string; skipped?: boolean }>): NewmanEmitter;
  on(event: 'script', cb: Cb<{ event: { listen: string } }>): NewmanEmitter;
  on(event: 'console', cb: Cb<{ level: string; messages: unknown[] }>): NewmanEmitter;
}
interface StatRow {
  total: number;
  failed: number;
}
interface Summary {
  run: {
    failures: unknown[];
    stats: Record<'iterations' | 'requests' | 'prerequestScripts' | 'testScripts' | 'assertions', StatRow>;
  };
}
interface Newman {
  run(options: Record<string, unknown>, done: (err: Error | null, summary: Summary) => void): NewmanEmitter;
}
const newman = createRequire(import.meta.url)('newman') as Newman;

/**
 * Per-script limit for both tools: generous, since the suite runs four cases at once on shared machines (a script
 * that first requires postman-collection parses 1.3 MB); no case depends on the limit.
 */
const SCRIPT_LIMIT_MS = 30_000;

export interface Files {
  collection: string;
  environment?: string;
  globals?: string;
  data?: string;
}

export function writeCase(dir: string, c: DiffCase): Files {
  const base = join(dir, c.name);
  const out: Files = { collection: `${base}.postman_collection.json` };
  writeFileSync(out.collection, JSON.stringify(c.collection));
  if (c.environment) {
    out.environment = `${base}.postman_environment.json`;
    writeFileSync(out.environment, JSON.stringify(c.environment));
  }
  if (c.globals) {
    out.globals = `${base}.postman_globals.json`;
    writeFileSync(out.globals, JSON.stringify(c.globals));
  }
  if (c.data) {
    out.data = `${base}.data.${c.data.ext}`;
    writeFileSync(out.data, c.data.text);
  }
  return out;
}

const errorName = (message: string): string => /^([A-Za-z]*Error)\b/.exec(message)?.[1] ?? 'Error';
const text = (m: unknown): string =>
  typeof m === 'string' || m === undefined ? String(m) : JSON.stringify(m);

export function runNewman(c: DiffCase, f: Files, vars: Record<string, string>): Promise<NormRun> {
  return new Promise((resolve, reject) => {
    const seen: NormExecution[] = [];
    const cur = () => seen[seen.length - 1];
    newman
      .run(
        {
          collection: f.collection,
          ...(f.environment ? { environment: f.environment } : {}),
          ...(f.globals ? { globals: f.globals } : {}),
          ...(f.data ? { iterationData: f.data } : {}),
          ...(c.iterations ? { iterationCount: c.iterations } : {}),
          ...(c.bail ? { bail: true } : {}),
          envVar: Object.entries(vars).map(([key, value]) => ({ key, value })),
          reporters: [],
          timeoutScript: SCRIPT_LIMIT_MS,
        },
        (err, summary) => {
          if (err) {
            reject(err);
            return;
          }
          const s = summary.run.stats;
          resolve({
            executions: seen,
            exitCode: summary.run.failures.length > 0 ? 1 : 0,
            stats: {
              iterations: s.iterations.total,
              requests: s.requests.total,
              prerequestScripts: s.prerequestScripts.total,
              testScripts: s.testScripts.total,
              assertions: s.assertions.total,
              failedAssertions: s.assertions.failed,
            },
          });
        },
      )
      .on('beforeItem', (_e, o) => {
        const path: string[] = [];
        for (let p = o.item.parent(); p && typeof p.parent === 'function' && p.parent(); p = p.parent()) {
          path.unshift(p.name);
        }
        seen.push({
          at: `#${o.cursor.iteration} ${[...path, o.item.name].join('/')}`,
          outcome: 'not sent',
          assertions: [],
          scriptErrors: [],
          console: [],
        });
      })
      .on('request', (e, o) => {
        const x = cur();
        if (x && !o.cursor.scriptId) {
          x.outcome = `${o.request.method} ${e ? 'error' : String(o.response?.code)}`;
        }
      })
      .on('assertion', (e, o) => {
        cur()?.assertions.push(`${o.skipped ? 'SKIP' : e ? 'FAIL' : 'PASS'} ${o.assertion}`);
      })
      .on('script', (e, o) => {
        if (e) {
          cur()?.scriptErrors.push(`${o.event.listen === 'prerequest' ? 'preRequest' : 'test'} ${e.name}`);
        }
      })
      .on('console', (_e, o) => {
        cur()?.console.push(`${o.level} ${o.messages.map(text).join(' ')}`);
      });
  });
}

interface Report {
  stats: {
    iterations: number;
    requests: { total: number };
    assertions: { total: number; failed: number };
    scripts: { preRequest?: number; test?: number };
  };
  executions: {
    name: string;
    path: string[];
    iteration: number;
    request: { method: string };
    response?: { status: number };
    error?: { code: string };
    assertions: { name: string; passed: boolean; skipped: boolean }[];
    scriptFailures: { phase: string; message: string }[];
    console: { level: string; message: string }[];
  }[];
}

export async function runApiplay(
  c: DiffCase,
  f: Files,
  vars: Record<string, string>,
  dir: string,
): Promise<NormRun> {
  const out = join(dir, `${c.name}.apiplay.json`);
  const args = ['run', f.collection, '-r', 'json', '--reporter-json-export', out];
  args.push('--timeout-script', String(SCRIPT_LIMIT_MS));
  for (const [k, v] of Object.entries(vars)) {
    args.push('--env-var', `${k}=${v}`);
  }
  if (f.environment) {
    args.push('-e', f.environment);
  }
  if (f.globals) {
    args.push('-g', f.globals);
  }
  if (f.data) {
    args.push('-d', f.data);
  }
  if (c.iterations) {
    args.push('-n', String(c.iterations));
  }
  if (c.bail) {
    args.push('--bail');
  }
  const r = await runCli(args);
  if (r.code !== 0 && r.code !== 1) {
    throw new Error(`apiplay exited ${String(r.code)}: ${r.stderr}`);
  }
  const report = JSON.parse(await readFile(out, 'utf8')) as Report;
  return {
    exitCode: r.code ?? -1,
    stats: {
      iterations: report.stats.iterations,
      requests: report.stats.requests.total,
      prerequestScripts: report.stats.scripts.preRequest ?? -1,
      testScripts: report.stats.scripts.test ?? -1,
      assertions: report.stats.assertions.total,
      failedAssertions: report.stats.assertions.failed,
    },
    executions: report.executions.map((e) => ({
      at: `#${e.iteration} ${[...e.path, e.name].join('/')}`,
      outcome:
        e.response || e.error
          ? `${e.request.method} ${e.error ? 'error' : String(e.response?.status)}`
          : 'not sent',
      assertions: e.assertions.map((a) => `${a.skipped ? 'SKIP' : a.passed ? 'PASS' : 'FAIL'} ${a.name}`),
      scriptErrors: e.scriptFailures.map((s) => `${s.phase} ${errorName(s.message)}`),
      console: e.console.map((x) => `${x.level} ${x.message}`),
    })),
  };
}

/** Run `fn` over `items` with at most `limit` at a time, results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (t: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
