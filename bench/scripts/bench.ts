/**
 * Script sandbox cost per test script, three ways, on the BENCHMARKS.md workload shape (3 pm.test blocks,
 * pm.response.json(), pm.expect, pm.environment get/set, a distinct script per request):
 *
 *   cold    — new QuickJS runtime + context + chai evaluated for every script (the Bruno/Hoppscotch approach)
 *   warm    — one context with chai loaded once, each script re-evaluated from source with a minimal pm shim
 *             (the NOTES.md "≈0.74 ms" measurement)
 *   engine  — our createScriptEngine: one warm context, each distinct script compiled once, data passed in
 *             (first pass compiles every script; the second pass reuses them, as in --iterations > 1); also
 *             with each script precompiled first, as the runner does while the request is on the wire (the
 *             compile then overlaps the network wait; the run after it is what follows the response)
 *
 * Run: npx tsx bench/scripts/bench.ts [requests=200] [rounds=5]
 * Rounds alternate the variants (A B C A B C …); medians of CPU time are printed with ratios. The machine is
 * shared: compare ratios, not absolute times.
 */

import { VariableScopes } from '@apiplay/core';
import { loadQuickJsWasm, loadScriptModules } from '@apiplay/core/node';
import { createScriptEngine } from '@apiplay/core/sandbox';
import type { TResponseResult } from '@apiplay/core/schema';
import { getQuickJS } from 'quickjs-emscripten';

const REQUESTS = Number(process.argv[2] ?? 200);
const ROUNDS = Number(process.argv[3] ?? 5);
const COLD_SAMPLES = 10;

interface Workload {
  code: string;
  response: TResponseResult;
}

/** The echo server's answer for request i (same shape as bench/echo-server.js). */
function echo(i: number, prev: string): { status: number; json: Record<string, unknown> } {
  const headers = { 'x-api-key': 'k-123', 'x-tenant': 'acme', 'x-chain': prev };
  switch (i % 4) {
    case 0:
      return {
        status: 200,
        json: { method: 'GET', path: '/items', query: { page: String(i), q: `search-${i}`, prev }, headers },
      };
    case 1:
      return {
        status: 200,
        json: {
          method: 'POST',
          path: '/items',
          query: {},
          headers,
          json: { id: i, nested: { n: i }, tags: ['a', 'b', 'c'], prev },
        },
      };
    case 2:
      return {
        status: 200,
        json: {
          method: 'PUT',
          path: `/items/${i}`,
          query: {},
          headers,
          form: { name: `item-${i}`, id: String(i), prev },
        },
      };
    default:
      return { status: 201, json: { method: 'GET', path: '/status/201', query: { i: String(i) }, headers } };
  }
}

function script(i: number, prev: string): string {
  const status = i % 4 === 3 ? 201 : 200;
  const checks: Record<number, string[]> = {
    0: [
      'pm.expect(j.method).to.equal("GET");',
      `pm.expect(j.query.page).to.equal("${i}");`,
      `pm.expect(j.query.q).to.equal("search-${i}");`,
    ],
    1: [
      'pm.expect(j.method).to.equal("POST");',
      `pm.expect(j.json.id).to.equal(${i});`,
      `pm.expect(j.json.nested.n).to.equal(${i});`,
      'pm.expect(j.json.tags).to.have.lengthOf(3);',
    ],
    2: [
      'pm.expect(j.method).to.equal("PUT");',
      `pm.expect(j.path).to.equal("/items/${i}");`,
      `pm.expect(j.form.name).to.equal("item-${i}");`,
    ],
    3: ['pm.expect(j.method).to.equal("GET");', 'pm.expect(j.path).to.equal("/status/201");'],
  };
  const next = ['"c" + j.query.page', '"c" + j.json.id', '"c" + j.form.id', '"c" + j.query.i'][i % 4];
  return [
    'const j = pm.response.json();',
    `pm.test("status is ${status}", function () {`,
    `    pm.expect(pm.response.code).to.equal(${status});`,
    '});',
    `pm.test("echo matches request ${i}", function () {`,
    '    pm.expect(j.headers["x-api-key"]).to.equal(pm.environment.get("apiKey"));',
    '    pm.expect(j.headers["x-tenant"]).to.equal("acme");',
    ...(checks[i % 4] ?? []).map((c) => `    ${c}`),
    '});',
    'pm.test("chained value from previous response", function () {',
    `    pm.expect(j.headers["x-chain"]).to.equal("${prev}");`,
    '});',
    `pm.environment.set("chain", ${next});`,
  ].join('\n');
}

function workload(n: number): Workload[] {
  const out: Workload[] = [];
  let prev = 'c-init';
  for (let i = 0; i < n; i++) {
    const e = echo(i, prev);
    const body = JSON.stringify(e.json);
    out.push({
      code: script(i, prev),
      response: {
        status: e.status,
        statusText: e.status === 201 ? 'Created' : 'OK',
        httpVersion: '1.1',
        headers: [{ key: 'content-type', value: 'application/json' }],
        cookies: [],
        body,
        bodyEncoding: 'utf8',
        size: body.length,
        truncated: false,
        timings: { dns: 0, connect: 0, tls: 0, ttfb: 1, download: 0, total: 1 },
        redirects: [],
      },
    });
    prev = `c${i}`;
  }
  return out;
}

// A minimal pm for the raw baselines: what the warm/cold QuickJS approaches evaluate per script.
const SHIM = (w: Workload) => `(function(){
var passed = 0, failed = 0;
var env = globalThis.__env || (globalThis.__env = { apiKey: 'k-123', chain: 'c-init' });
var body = ${JSON.stringify(w.response.body)};
var pm = {
  test: function (n, f) { try { f(); passed++; } catch (e) { failed++; } },
  expect: chai.expect,
  response: { code: ${w.response.status}, json: function () { return JSON.parse(body); } },
  environment: { get: function (k) { return env[k]; }, set: function (k, v) { env[k] = v; } }
};
${w.code}
return failed;
})()`;

/**
 * CPU time of this process, in ms. Script execution is pure CPU work (no I/O), and on a shared, loaded machine
 * wall time mostly measures waiting for a core; CPU time stays comparable between variants and runs.
 */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

async function main(): Promise<void> {
  const modules = await loadScriptModules();
  const wasmModule = await loadQuickJsWasm();
  const chai = modules.chai ?? '';
  const qjs = await getQuickJS();
  const work = workload(REQUESTS);

  const cold = async (): Promise<number> => {
    const t = cpuMs();
    for (let i = 0; i < COLD_SAMPLES; i++) {
      const w = work[i % work.length] as Workload;
      const rt = qjs.newRuntime();
      const vm = rt.newContext();
      vm.unwrapResult(vm.evalCode(chai, 'chai.js')).dispose();
      vm.unwrapResult(vm.evalCode(SHIM(w))).dispose();
      vm.dispose();
      rt.dispose();
    }
    return (cpuMs() - t) / COLD_SAMPLES;
  };

  const warmRt = qjs.newRuntime();
  const warmVm = warmRt.newContext();
  warmVm.unwrapResult(warmVm.evalCode(chai, 'chai.js')).dispose();
  const shims = work.map(SHIM);
  const warm = async (): Promise<number> => {
    const t = cpuMs();
    let failed = 0;
    for (const s of shims) {
      const h = warmVm.unwrapResult(warmVm.evalCode(s));
      failed += warmVm.getNumber(h);
      h.dispose();
    }
    if (failed) {
      throw new Error(`warm baseline: ${failed} failed tests`);
    }
    return (cpuMs() - t) / work.length;
  };

  const engineOnce = async (
    passes: number,
    precompile = false,
  ): Promise<{ first: number; cached: number; precompiled: number; total: number; startupMs: number }> => {
    const t0 = cpuMs();
    const engine = await createScriptEngine({ modules, wasmModule });
    const variables = new VariableScopes({ environment: { apiKey: 'k-123', chain: 'c-init' } });
    const request = { method: 'GET', url: 'http://127.0.0.1/x', headers: [] };
    // Engine creation + chai's one-time load happen once per run: measured apart as startup.
    await engine.run({
      phase: 'test',
      code: 'pm.expect(1).to.equal(1)',
      source: 'warmup',
      ctx: { request, variables },
    });
    const startupMs = cpuMs() - t0;
    const times: number[] = [];
    let precompileMs = 0;
    let passed = 0;
    let total = 0;
    for (let p = 0; p < passes; p++) {
      variables.environment.set('chain', 'c-init');
      const t = cpuMs();
      for (const w of work) {
        if (precompile && p === 0) {
          const tc = cpuMs();
          engine.precompile(w.code);
          precompileMs += cpuMs() - tc;
        }
        const r = await engine.run({
          phase: 'test',
          code: w.code,
          source: 'bench',
          ctx: { request, response: w.response, variables },
        });
        total += r.assertions.length;
        passed += r.assertions.filter((a) => a.passed).length;
        if (r.failure) {
          throw new Error(`engine: ${r.failure.message}`);
        }
      }
      times.push((cpuMs() - t - (p === 0 ? precompileMs : 0)) / work.length);
    }
    engine.dispose();
    if (passed !== total || total !== passes * work.length * 3) {
      throw new Error(`engine: ${passed}/${total} assertions passed`);
    }
    return {
      first: times[0] ?? 0,
      cached: median(times.slice(1)),
      precompiled: precompileMs / work.length,
      total,
      startupMs,
    };
  };

  // Warm-up (JIT of the host glue, wasm tiering) before measuring.
  await warm();
  await engineOnce(2);

  const r = {
    cold: [] as number[],
    warm: [] as number[],
    first: [] as number[],
    cached: [] as number[],
    precompile: [] as number[],
    afterPrecompile: [] as number[],
  };
  const startups: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    r.cold.push(await cold());
    r.warm.push(await warm());
    const e = await engineOnce(3);
    startups.push(e.startupMs);
    r.first.push(e.first);
    r.cached.push(e.cached);
    const pre = await engineOnce(1, true);
    r.precompile.push(pre.precompiled);
    r.afterPrecompile.push(pre.first);
  }
  warmVm.dispose();
  warmRt.dispose();

  const cold0 = median(r.cold);
  const rows: [string, number][] = [
    ['cold: new runtime + chai per script (Bruno/Hoppscotch)', cold0],
    ['warm: one context, script re-evaluated (NOTES ≈0.74 ms)', median(r.warm)],
    ['engine: first run of each distinct script (compile)', median(r.first)],
    ['engine: precompile (runner: while the request is in flight)', median(r.precompile)],
    ['engine: first run after precompile (follows the response)', median(r.afterPrecompile)],
    ['engine: cached script (data passed in)', median(r.cached)],
  ];
  console.log(
    `\nScript sandbox, ${REQUESTS} distinct test scripts (3 pm.test, 7–9 expects each), medians of ${ROUNDS} rounds`,
  );
  console.log(
    `${'variant'.padEnd(60)} ${'cpu ms/script'.padStart(13)} ${'vs cold'.padStart(9)} ${'vs warm'.padStart(9)}`,
  );
  for (const [name, ms] of rows) {
    console.log(
      `${name.padEnd(60)} ${ms.toFixed(3).padStart(13)} ${`${(cold0 / ms).toFixed(1)}×`.padStart(9)} ${(ms / median(r.warm)).toFixed(2).padStart(9)}`,
    );
  }
  console.log(
    `engine startup (instantiate + first script incl. chai load), once per run: ${median(startups).toFixed(0)} ms CPU`,
  );
}

await main();
