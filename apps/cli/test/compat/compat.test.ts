import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EchoServer, startEchoServer } from '@apiplay/core/test-support/echo-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../spawn-cli';
import { type CompatCase, compatCases } from './collections';

// newman (root devDependency) through its library API; typed just as far as this suite reads it.
interface NewmanCursor {
  iteration: number;
  scriptId?: string;
}
interface NewmanEmitter {
  on(
    event: 'beforeItem',
    cb: (err: unknown, o: { item: { name: string }; cursor: NewmanCursor }) => void,
  ): NewmanEmitter;
  on(
    event: 'request',
    cb: (
      err: unknown,
      o: { request: { method: string; url: { toString(): string } }; cursor: NewmanCursor },
    ) => void,
  ): NewmanEmitter;
  on(
    event: 'assertion',
    cb: (err: unknown, o: { assertion: string; skipped?: boolean }) => void,
  ): NewmanEmitter;
  on(event: 'script', cb: (err: unknown, o: { event: { listen: string } }) => void): NewmanEmitter;
}
interface Newman {
  run(options: Record<string, unknown>, done: (err: unknown) => void): NewmanEmitter;
}
const newman = createRequire(import.meta.url)('newman') as Newman;

/** What both runners must agree on, per executed request in order. */
interface Observed {
  name: string;
  iteration: number;
  request: string;
  assertions: string[];
  scriptErrors: string[];
}

let echo: EchoServer;
let dir: string;

beforeAll(async () => {
  echo = await startEchoServer();
  dir = mkdtempSync(join(tmpdir(), 'apiplay-compat-'));
});
afterAll(async () => {
  await echo.close();
});

function normalizeUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}
const verdict = (name: string, passed: boolean, skipped: boolean) =>
  `${skipped ? 'SKIP' : passed ? 'PASS' : 'FAIL'} ${name}`;

function files(c: CompatCase): { collection: string; environment?: string; globals?: string; data?: string } {
  const base = join(dir, c.name);
  const out: { collection: string; environment?: string; globals?: string; data?: string } = {
    collection: `${base}.postman_collection.json`,
  };
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
    out.data = `${base}.data.json`;
    writeFileSync(out.data, JSON.stringify(c.data));
  }
  return out;
}

function runNewman(c: CompatCase, f: ReturnType<typeof files>): Promise<Observed[]> {
  return new Promise((resolve, reject) => {
    const seen: Observed[] = [];
    const current = (): Observed | undefined => seen[seen.length - 1];
    newman
      .run(
        {
          collection: c.collection,
          ...(c.environment ? { environment: c.environment } : {}),
          ...(c.globals ? { globals: c.globals } : {}),
          ...(f.data ? { iterationData: f.data } : {}),
          ...(c.iterations ? { iterationCount: c.iterations } : {}),
          envVar: [{ key: 'baseUrl', value: echo.url }],
          reporters: [],
        },
        (err) => (err ? reject(err) : resolve(seen)),
      )
      .on('beforeItem', (_e, o) => {
        seen.push({
          name: o.item.name,
          iteration: o.cursor.iteration,
          request: '',
          assertions: [],
          scriptErrors: [],
        });
      })
      .on('request', (_e, o) => {
        const cur = current();
        // pm.sendRequest calls carry a scriptId; only the item's own request counts.
        if (cur && !o.cursor.scriptId) {
          cur.request = `${o.request.method} ${normalizeUrl(o.request.url.toString())}`;
        }
      })
      .on('assertion', (e, o) => {
        current()?.assertions.push(verdict(o.assertion, !e, o.skipped === true));
      })
      .on('script', (e, o) => {
        if (e) {
          current()?.scriptErrors.push(o.event.listen === 'prerequest' ? 'preRequest' : 'test');
        }
      });
  });
}

interface ReportShape {
  executions: {
    name: string;
    iteration: number;
    request: { method: string; url: string };
    assertions: { name: string; passed: boolean; skipped: boolean }[];
    scriptFailures: { phase: string }[];
  }[];
}

async function runApiplay(
  c: CompatCase,
  f: ReturnType<typeof files>,
): Promise<{ observed: Observed[]; code: number | null }> {
  const out = join(dir, `${c.name}.apiplay.json`);
  const args = [
    'run',
    f.collection,
    '--env-var',
    `baseUrl=${echo.url}`,
    '-r',
    'json',
    '--reporter-json-export',
    out,
  ];
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
  const r = await runCli(args);
  if (r.code === 2) {
    throw new Error(`apiplay usage error: ${r.stderr}`);
  }
  const report = JSON.parse(readFileSync(out, 'utf8')) as ReportShape;
  return {
    code: r.code,
    observed: report.executions.map((e) => ({
      name: e.name,
      iteration: e.iteration,
      request: `${e.request.method} ${normalizeUrl(e.request.url)}`,
      assertions: e.assertions.map((a) => verdict(a.name, a.passed, a.skipped)),
      scriptErrors: e.scriptFailures.map((s) => s.phase),
    })),
  };
}

describe('newman compatibility: same requests, same verdict for every assertion', () => {
  it.each(compatCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const f = files(c);
    const expected = await runNewman(c, f);
    const actual = await runApiplay(c, f);
    // The suite must exercise something: requests, passing and failing assertions.
    expect(expected.length).toBeGreaterThan(1);
    expect(actual.observed).toEqual(expected);
    const all = expected.flatMap((e) => e.assertions);
    expect(all.some((a) => a.startsWith('PASS'))).toBe(true);
    // Every case holds at least one deliberate failure (a FAILS: assertion or a throwing script), so exit code 1.
    expect(actual.code).toBe(1);
  });

  it('covers every pm feature the issue lists', () => {
    const text = JSON.stringify(compatCases);
    for (const feature of [
      'pm.test(',
      'pm.expect(',
      'pm.response.to.have.status',
      'pm.response.to.have.header',
      'pm.response.json()',
      'pm.response.text()',
      'pm.response.responseTime',
      'pm.environment.set',
      'pm.globals.set',
      'pm.collectionVariables.set',
      'pm.variables.set',
      'pm.iterationData.get',
      'pm.info.',
      'postman.setNextRequest(',
      'setNextRequest(null)',
      'pm.sendRequest(',
      'pm.cookies.get',
      'console.log(',
      "require('lodash')",
      "require('crypto-js')",
      "require('uuid')",
      'pm.request.headers.add',
      'throw new Error',
    ]) {
      expect(text, feature).toContain(feature);
    }
  });
});
