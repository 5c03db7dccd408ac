#!/usr/bin/env node
// The runner's non-script path vs its floor: `apiplay run` on the BENCHMARKS.md workload without test scripts,
// side by side with a bare undici keep-alive loop sending the same requests (variables substituted up front),
// each a fresh process against bench/runner/echo-server.mjs, alternating A B A B. Prints medians of
// per-request cost ((wall(N) − wall(1)) / (N − 1)) and the ratio. Build the CLI first (npm run build -w apps/cli).
//   node bench/runner/no-scripts.mjs [--runs 5] [--size 1000]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, option, startEcho } from './bench-helpers.mjs';
import { generate } from './gen-collection.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const outDir = join(root, 'bench/output/runner-noscripts');
const args = process.argv.slice(2);
const opt = (name, fallback) => option(args, name, fallback);
const runs = Number(opt('runs', '5'));
const size = Number(opt('size', '1000'));

/** The floor: one process sending every request of a generated collection with undici, reading each body. */
async function floorLoop(file, envFile, baseUrl) {
  const { Agent, request } = await import('undici');
  const vars = { baseUrl };
  for (const v of JSON.parse(readFileSync(envFile, 'utf8')).values) {
    vars[v.key] ??= v.value;
  }
  const fill = (s) => s.replace(/\{\{(\w+)\}\}/g, (_, k) => vars[k] ?? '');
  const dispatcher = new Agent();
  for (const { request: r } of JSON.parse(readFileSync(file, 'utf8')).item) {
    const headers = Object.fromEntries(r.header.map((h) => [h.key, fill(h.value)]));
    let body;
    if (r.body?.mode === 'raw') {
      body = fill(r.body.raw);
    } else if (r.body?.mode === 'urlencoded') {
      body = new URLSearchParams(r.body.urlencoded.map((f) => [f.key, fill(f.value)])).toString();
    }
    const res = await request(fill(r.url.raw), { method: r.method, headers, body, dispatcher });
    await res.body.text();
  }
  await dispatcher.close();
}

function wall(argv) {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolvePromise(Number(process.hrtime.bigint() - started) / 1e6)
        : reject(new Error(`exit ${code}`)),
    );
  });
}

async function main() {
  const echo = await startEcho();
  const { files, env } = generate(outDir, [1, size], echo.url, { scripts: false });
  const tools = {
    'bare undici': (n) => [fileURLToPath(import.meta.url), '--floor', files[n], env, echo.url],
    'apiplay run': (n) => [
      join(root, 'apps/cli/bin/apiplay.js'),
      'run',
      files[n],
      '-e',
      env,
      '--env-var',
      `baseUrl=${echo.url}`,
    ],
  };
  const walls = {};
  for (let r = 0; r < runs; r++) {
    for (const n of [1, size]) {
      for (const [name, argv] of Object.entries(tools)) {
        const ms = await wall(argv(n));
        const key = `${name} ${n}`;
        walls[key] = [...(walls[key] ?? []), ms];
        process.stderr.write(
          `  ${name.padEnd(12)} n=${String(n).padEnd(5)} run ${r + 1}/${runs}: ${ms.toFixed(0)} ms\n`,
        );
      }
    }
  }
  echo.child.kill();
  const perRequest = (name) => (median(walls[`${name} ${size}`]) - median(walls[`${name} 1`])) / (size - 1);
  const floor = perRequest('bare undici');
  const ours = perRequest('apiplay run');
  console.log(
    `no-script workload, ${size} requests, medians of ${runs} (ms per request, wall incl. network)`,
  );
  console.log('| loop | ms/request |');
  console.log('|---|---|');
  console.log(`| floor: bare undici, fresh process | ${floor.toFixed(3)} |`);
  console.log(`| apiplay run (no scripts) | ${ours.toFixed(3)} |`);
  console.log(`| added by the runner | ${(ours - floor).toFixed(3)} (ratio ${(ours / floor).toFixed(2)}×) |`);
}

if (args[0] === '--floor') {
  await floorLoop(args[1], args[2], args[3]);
} else {
  await main();
}
