/**
 * What one `engine.run` costs, piece by piece, on the load-mode shape: one engine (QuickJS on V8's optimizing wasm
 * tier, as `apiplay load` compiles it) shared by VUs that each have their own forked scopes, every run getting a
 * different response object (so its body crosses into the sandbox each time, as after a real request; the objects
 * are built before the clock starts). Each variant is a
 * test script holding one piece of the 3-test workload (bench/runner/gen-collection.mjs); the difference to the
 * empty script is that piece's cost. `full` is the workload's script itself.
 *
 * Run: npx tsx bench/scripts/pieces.ts [runs=10000] [rounds=3] [variant,…]   (under flock /tmp/bench.lock)
 * Prints the median CPU µs per run of each variant over the rounds (variants alternate within a round).
 */
import { VariableScopes } from '@apiplay/core';
import { createNodeScriptEngine } from '@apiplay/core/node';
import type { ScriptEngine } from '@apiplay/core/sandbox';
import type { TResponseResult } from '@apiplay/core/schema';

const RUNS = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const ONLY = process.argv[4]?.split(',');
const VUS = 50;

/** The echo server's JSON for a POST (bench/runner/echo-server.mjs): what apiplay's request headers look like. */
function echoBody(i: number): string {
  return JSON.stringify({
    method: 'POST',
    path: '/items',
    query: {},
    headers: {
      host: '127.0.0.1:40000',
      connection: 'keep-alive',
      'user-agent': 'apiplay/0.1.0',
      accept: '*/*',
      'x-api-key': 'k-1234567890',
      'x-tenant': 'acme',
      'x-chain': 'c0',
      'content-type': 'application/json',
      'content-length': '64',
    },
    body: `{"id":${i},"nested":{"n":1},"tags":["a","b","c"],"prev":"c0"}`,
    json: { id: 1, nested: { n: 1 }, tags: ['a', 'b', 'c'], prev: 'c0' },
    form: null,
    ts: 1796667099041 + i,
  });
}

function response(i: number): TResponseResult {
  const body = echoBody(i);
  return {
    status: 200,
    statusText: 'OK',
    httpVersion: '1.1',
    headers: [
      { key: 'content-type', value: 'application/json; charset=utf-8' },
      { key: 'content-length', value: String(body.length) },
      { key: 'date', value: 'Mon, 07 Dec 2026 18:00:00 GMT' },
      { key: 'connection', value: 'keep-alive' },
      { key: 'keep-alive', value: 'timeout=65' },
    ],
    cookies: [],
    body,
    bodyEncoding: 'utf8',
    size: body.length,
    truncated: false,
    timings: { dns: 0, connect: 0, tls: 0, ttfb: 1, download: 0, total: 1 },
    redirects: [],
  };
}

const FULL = [
  'const j = pm.response.json();',
  'pm.test("status is 200", function () { pm.expect(pm.response.code).to.equal(200); });',
  'pm.test("echo matches request 1", function () {',
  '  pm.expect(j.headers["x-api-key"]).to.equal(pm.environment.get("apiKey"));',
  '  pm.expect(j.headers["x-tenant"]).to.equal("acme");',
  '  pm.expect(j.method).to.equal("POST");',
  '  pm.expect(j.json.id).to.equal(1);',
  '  pm.expect(j.json.nested.n).to.equal(1);',
  '  pm.expect(j.json.tags).to.have.lengthOf(3);',
  '});',
  'pm.test("chained value from previous response", function () {',
  '  pm.expect(j.headers["x-chain"]).to.equal("c0");',
  '  pm.expect(j.json.prev).to.equal("c0");',
  '});',
  'pm.environment.set("chain", "c" + j.json.id);',
].join('\n');

const VARIANTS: Record<string, string> = {
  empty: '',
  'response.json': 'const j = pm.response.json();',
  'response.code': 'pm.response.code;',
  '3 empty pm.test':
    'pm.test("a", function () {}); pm.test("b", function () {}); pm.test("c", function () {});',
  '9 expect equal': Array.from({ length: 9 }, () => 'pm.expect(1).to.equal(1);').join('\n'),
  'expect lengthOf': 'pm.expect([1, 2, 3]).to.have.lengthOf(3);',
  'environment.get': 'pm.environment.get("apiKey");',
  'environment.set': 'pm.environment.set("chain", "c1");',
  full: FULL,
};

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

const RESPONSES = Array.from({ length: 1000 }, (_, i) => response(i));

async function timeVariant(engine: ScriptEngine, code: string, vus: VariableScopes[]): Promise<number> {
  const request = { method: 'POST', url: 'http://127.0.0.1:40000/items', headers: [] };
  const start = cpuUs();
  for (let i = 0; i < RUNS; i++) {
    const result = await engine.run({
      phase: 'test',
      code,
      source: 'bench',
      ctx: {
        request,
        response: RESPONSES[i % RESPONSES.length] as TResponseResult,
        cookies: [],
        variables: vus[i % VUS] as VariableScopes,
        info: {
          iteration: 0,
          iterationCount: 1,
          requestName: 'create',
          requestId: 'r1',
          location: ['c', 'r'],
        },
        environmentName: 'bench-env',
      },
    });
    if (result.failure || result.assertions.some((a) => !a.passed)) {
      throw new Error(`variant failed: ${JSON.stringify(result.failure ?? result.assertions)}`);
    }
  }
  return (cpuUs() - start) / RUNS;
}

async function main(): Promise<void> {
  const engine = await createNodeScriptEngine();
  const base = new VariableScopes({
    environment: { apiKey: 'k-1234567890', tenant: 'acme', chain: 'c-init' },
  });
  const vus = Array.from({ length: VUS }, () => base.fork());
  const names = Object.keys(VARIANTS).filter((n) => !ONLY || ONLY.includes(n));
  const samples = new Map<string, number[]>(names.map((n) => [n, []]));
  // Warm up: compile every variant and let V8 tier the wasm up.
  for (const name of names) {
    await timeVariant(engine, VARIANTS[name] as string, vus);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) {
      samples.get(name)?.push(await timeVariant(engine, VARIANTS[name] as string, vus));
    }
  }
  const empty = median(samples.get('empty') ?? []);
  console.log(`engine.run, ${RUNS} runs × ${ROUNDS} rounds, ${VUS} VUs' scopes, median CPU µs per run`);
  console.log('| variant | µs per run | minus empty |');
  console.log('| --- | ---: | ---: |');
  for (const name of names) {
    const us = median(samples.get(name) ?? []);
    console.log(`| ${name} | ${us.toFixed(1)} | ${name === 'empty' ? '—' : (us - empty).toFixed(1)} |`);
  }
  engine.dispose();
}

await main();
