#!/usr/bin/env node
// Load-mode benchmark (issue 17 item 4, CLI parts), side by side in one run against one loopback echo server
// (bench/runner/echo-server.mjs, its own process):
//   A. autocannon (in its own process) cycling the workload's 4 requests (GET query / POST JSON / PUT form / GET 201,
//      variables filled in) on C connections;
//   B. `apiplay load --vus C` on the same 4 requests without scripts;
//   C. `apiplay load --vus C` on the shared 3-test workload (bench/runner/gen-collection.mjs: 3 pm.test blocks per
//      request, pm.response.json(), pm.expect, pm.environment.set) — every check passes;
//   E. Artillery (from npm, its HTTP engine, default worker count) with C VUs looping the same 4 requests: without
//      checks, and with the 12 checks of an iteration as artillery-plugin-expect expectations plus the chained
//      value captured from each response (bench/load/artillery.mjs says how they map);
//   D. `apiplay load --vus 2000` (scripted workload, 1 s think time) in one process: peak RSS, polled from /proc.
// Rounds alternate A B C E; the table prints medians, and the ratios as medians of each round's own ratio (runs of
// one round are a minute apart; the host's speed drifts more than that between rounds): to autocannon (targets:
// B ≥ 70%, C ≥ 40%) and apiplay ÷ Artillery (B over plain Artillery, C over Artillery with checks: target ≥ 5×),
// then D (≤ 0.5 MB RSS per VU). Each run's host CPU steal (/proc/stat) is printed with it as a noise gauge.
// Artillery runs by default: the first run installs it into bench/.tools/artillery (git-ignored, ≈ 600 MB, about a
// minute); if it cannot be installed the run goes on without it. Build the CLI first: npm run build -w apps/cli.
// Rounds of 30 s (`--seconds 30`, the length of a typical load test) measure what each tool sustains; in short ones
// apiplay's first 2 s, while V8 warms up its JIT in each thread, weigh more (bench/README.md has both).
//   node bench/load/compare.mjs [--connections 50] [--seconds 5] [--rounds 3] [--vus 2000] [--no-artillery]
//     [--artillery-version 2.0.21]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, option, startEcho } from '../runner/bench-helpers.mjs';
import { generate } from '../runner/gen-collection.mjs';
import {
  ARTILLERY_VERSION,
  artilleryEnv,
  artilleryScript,
  ensureArtillery,
  readArtilleryReport,
} from './artillery.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const cli = join(root, 'apps/cli/bin/apiplay.js');
const outDir = join(root, 'bench/output/load');
const args = process.argv.slice(2);
const connections = Number(option(args, 'connections', '50'));
const seconds = Number(option(args, 'seconds', '5'));
const rounds = Number(option(args, 'rounds', '3'));
const bigVus = Number(option(args, 'vus', '2000'));
const artilleryVersion = option(args, 'artillery-version', ARTILLERY_VERSION);

if (!existsSync(join(root, 'apps/cli/dist/apiplay.js'))) {
  console.error('Build the CLI first: npm run build -w apps/cli');
  process.exit(1);
}

const TIME = '/usr/bin/time';
if (!existsSync(TIME)) {
  console.error('needs GNU time (/usr/bin/time, Debian package "time") for CPU time and peak RSS');
  process.exit(1);
}

// Before the echo server starts: the first run installs Artillery (about a minute).
let artilleryBin = null;
if (!args.includes('--no-artillery')) {
  try {
    artilleryBin = ensureArtillery(artilleryVersion);
  } catch (err) {
    console.error(`Artillery left out of this run: ${err.message}`);
  }
}

/** The host's CPU steal so far (jiffies) and all CPU time, from /proc/stat; undefined off Linux. */
function cpuTimes() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { steal: f[7] ?? 0, total: f.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

/**
 * Spawn node with args under GNU time; resolve stdout plus the process's CPU seconds (user + system) and peak RSS
 * (KB). On a shared machine a generator gets a varying share of the cores, so requests per CPU-second is the steadier
 * comparison; both are printed.
 */
/** What a run cost the machine: its CPU seconds, requests per CPU-second and the host's steal meanwhile. */
function usage(r, requests) {
  return { cpu: r.cpu, perCpu: requests / r.cpu, steal: r.steal };
}

function run(argv, env = {}) {
  const before = cpuTimes();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(TIME, ['-f', 'GNUTIME %U %S %M', process.execPath, ...argv], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /GNUTIME ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      const after = cpuTimes();
      resolvePromise({
        // Share of the machine's CPU time the host took for other guests while this ran (a noisy-neighbour gauge).
        steal:
          before && after
            ? (after.steal - before.steal) / Math.max(1, after.total - before.total)
            : Number.NaN,
        code,
        stdout,
        stderr,
        cpu: m ? Number(m[1]) + Number(m[2]) : Number.NaN,
        peakKb: m ? Number(m[3]) : Number.NaN,
      });
    });
  });
}

const echo = await startEcho();
try {
  // The workload, with and without scripts. The last request of an iteration resets the chained value, so every
  // iteration (not only the first) starts from "c-init" and all 12 checks of an iteration pass.
  const scripted = generate(join(outDir, 'scripts'), [4], echo.url);
  const plain = generate(join(outDir, 'plain'), [4], echo.url, { scripts: false });
  const scriptedFile = scripted.files[4];
  const plainFile = plain.files[4];
  const c = JSON.parse(readFileSync(scriptedFile, 'utf8'));
  const last = c.item.at(-1).event[0].script.exec;
  last[last.length - 1] = 'pm.environment.set("chain", "c-init");';
  writeFileSync(scriptedFile, JSON.stringify(c));
  const env = JSON.parse(readFileSync(scripted.env, 'utf8'));
  const vars = Object.fromEntries(env.values.map((v) => [v.key, v.value]));

  // autocannon's requests: the same 4 requests with the first iteration's values filled in.
  const fill = (s) => s.replace(/\{\{(\w+)\}\}/g, (_, k) => vars[k] ?? '');
  const acRequests = JSON.parse(readFileSync(plainFile, 'utf8')).item.map((it) => {
    const r = it.request;
    const headers = Object.fromEntries(r.header.map((h) => [h.key, fill(h.value)]));
    const path = fill(r.url.raw).replace(echo.url, '');
    let body;
    if (r.body?.mode === 'raw') {
      body = fill(r.body.raw);
    } else if (r.body?.mode === 'urlencoded') {
      body = new URLSearchParams(r.body.urlencoded.map((p) => [p.key, fill(p.value)])).toString();
    }
    return { method: r.method, path, headers, ...(body === undefined ? {} : { body }) };
  });
  const acFile = join(outDir, 'autocannon-requests.json');
  writeFileSync(acFile, JSON.stringify({ url: echo.url, requests: acRequests }));

  /** `profile`: the scheduling options (default: `vus` VUs for the run's seconds). */
  const loadRun = async (
    file,
    vus,
    extra = [],
    profile = ['--vus', String(vus), '--duration', `${seconds}s`],
  ) => {
    const json = join(outDir, `result-${vus}-${Date.now()}.json`);
    const r = await run([
      cli,
      'load',
      file,
      '-e',
      scripted.env,
      '--env-var',
      `baseUrl=${echo.url}`,
      ...profile,
      '--out',
      `json=${json}`,
      ...extra,
    ]);
    if (r.code !== 0 && r.code !== null) {
      throw new Error(`apiplay load exited ${r.code}: ${r.stderr}${r.stdout.slice(-2000)}`);
    }
    const report = JSON.parse(readFileSync(json, 'utf8'));
    return {
      requests: report.totals.requests,
      rps: report.totals.rps,
      p50: report.totals.latency.med,
      p99: report.totals.latency.p99,
      checksFailed: report.totals.checks.failed,
      checksPassed: report.totals.checks.passed,
      failed: report.totals.failed,
      peakVus: report.peakVus,
      peakKb: r.peakKb,
      ...usage(r, report.totals.requests),
    };
  };

  // E: Artillery's scripts, written once; a run's req/s is over its VUs' span (see readArtilleryReport).
  const artilleryScripts = {};
  if (artilleryBin) {
    const items = JSON.parse(readFileSync(plainFile, 'utf8')).item;
    for (const checks of [false, true]) {
      const file = join(outDir, `artillery-${checks ? 'checks' : 'plain'}.json`);
      const script = artilleryScript({ target: echo.url, items, vars, vus: connections, seconds, checks });
      writeFileSync(file, JSON.stringify(script, null, 2));
      artilleryScripts[checks ? 'checks' : 'plain'] = file;
    }
  }
  const artilleryRun = async (kind) => {
    const out = join(outDir, `artillery-${kind}-report-${Date.now()}.json`);
    const r = await run(
      [artilleryBin, 'run', '--quiet', '--output', out, artilleryScripts[kind]],
      artilleryEnv,
    );
    // 21: some expectation failed (counted and reported below).
    if ((r.code !== 0 && r.code !== 21) || !existsSync(out)) {
      throw new Error(`artillery exited ${r.code}: ${r.stderr.slice(-2000)}${r.stdout.slice(-2000)}`);
    }
    const report = readArtilleryReport(out);
    return { ...report, ...usage(r, report.requests) };
  };

  const results = { autocannon: [], plain: [], scripted: [], artillery: [], artilleryChecks: [] };
  for (let i = 0; i < rounds; i++) {
    const ac = await run([join(here, 'autocannon-child.mjs'), acFile, String(connections), String(seconds)]);
    const acResult = JSON.parse(ac.stdout.trim().split('\n').at(-1));
    results.autocannon.push({ ...acResult, ...usage(ac, acResult.requests) });
    results.plain.push(await loadRun(plainFile, connections));
    results.scripted.push(await loadRun(scriptedFile, connections));
    if (artilleryBin) {
      results.artillery.push(await artilleryRun('plain'));
      results.artilleryChecks.push(await artilleryRun('checks'));
    }
    const last = (k) =>
      results[k].length > 0
        ? `${results[k].at(-1).rps.toFixed(0)}/s (steal ${(100 * results[k].at(-1).steal).toFixed(0)}%)`
        : '—';
    console.error(
      `round ${i + 1}/${rounds}: autocannon ${last('autocannon')}, plain ${last('plain')}, scripted ${last('scripted')}, Artillery ${last('artillery')}, Artillery with checks ${last('artilleryChecks')}`,
    );
  }
  const med = (xs, k) => median(xs.map((x) => x[k]));
  // Ratios are paired: each round's run over the same round's other run (they ran within a minute of each other),
  // then the median of those. On a shared host whose speed drifts between rounds, that compares like with like
  // better than a ratio of two medians taken from different rounds.
  const pairedRatio = (xs, ys, k) => median(xs.map((x, i) => x[k] / (ys[i]?.[k] ?? Number.NaN)));
  /** `versus`: the Artillery runs this apiplay row is divided by (req/s), if any. */
  const row = (name, xs, target, versus = []) => [
    name,
    med(xs, 'rps'),
    med(xs, 'p50'),
    med(xs, 'p99'),
    med(xs, 'perCpu'),
    `${(100 * pairedRatio(xs, results.autocannon, 'rps')).toFixed(0)}%`,
    `${(100 * pairedRatio(xs, results.autocannon, 'perCpu')).toFixed(0)}%`,
    versus.length > 0 ? `${pairedRatio(xs, versus, 'rps').toFixed(1)}×` : '—',
    target,
  ];
  const withArtillery = results.artillery.length > 0;
  const rows = [
    row('autocannon (4 requests, no checks)', results.autocannon, '—'),
    row(
      'apiplay load, no scripts',
      results.plain,
      `≥ 70%${withArtillery ? '; ≥ 5× Artillery' : ''}`,
      results.artillery,
    ),
    row(
      'apiplay load, 3-test workload',
      results.scripted,
      `≥ 40%${withArtillery ? '; ≥ 5× Artillery' : ''}`,
      results.artilleryChecks,
    ),
    ...(withArtillery
      ? [
          row(`Artillery ${artilleryVersion} (4 requests, no checks)`, results.artillery, '—'),
          row(
            `Artillery ${artilleryVersion} (4 requests, 12 expectations + captures)`,
            results.artilleryChecks,
            '—',
          ),
        ]
      : []),
  ];
  const failedChecks = results.scripted.reduce((a, r) => a + r.checksFailed, 0);
  const sum = (xs, k) => xs.reduce((a, r) => a + r[k], 0);

  // D: many VUs in one process. 1 s think time after each request keeps the loopback target from being the limit,
  // and a 3 s ramp keeps 2,000 simultaneous connects from overflowing the echo server's accept backlog (511: SYN
  // retries would add 1–3 s to the first requests).
  const bigProfile = ['--stage', `3s:${bigVus}`, '--stage', `${seconds}s:${bigVus}`];
  const baseline = await loadRun(
    scriptedFile,
    1,
    ['--think', '1s'],
    ['--stage', '3s:1', '--stage', `${seconds}s:1`],
  );
  const big = await loadRun(scriptedFile, bigVus, ['--think', '1s'], bigProfile);
  const perVuMb = (big.peakKb - baseline.peakKb) / 1024 / bigVus;

  console.log(
    `\nLoad mode vs autocannon — ${connections} connections/VUs, ${seconds} s, median of ${rounds} rounds, loopback echo server`,
  );
  console.log(
    '| generator | req/s | p50 ms | p99 ms | req per CPU-s | req/s vs autocannon (paired) | per CPU-s vs autocannon | apiplay ÷ Artillery (req/s, paired) | target |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const [name, rps, p50, p99, perCpu, ratio, cpuRatio, versus, target] of rows) {
    console.log(
      `| ${name} | ${rps.toFixed(0)} | ${Number(p50).toFixed(2)} | ${Number(p99).toFixed(2)} | ${perCpu.toFixed(0)} | ${ratio} | ${cpuRatio} | ${versus} | ${target} |`,
    );
  }
  console.log(
    "(CPU-seconds include each process's startup: about 0.3 s for apiplay, 0.1 s for autocannon, 1.7 s for Artillery.)",
  );
  console.log(
    `\nScripted runs: ${failedChecks} failed checks of ${sum(results.scripted, 'checksPassed') + failedChecks}.`,
  );
  if (withArtillery) {
    const failedExpectations = sum(results.artilleryChecks, 'checksFailed');
    const all = [...results.artillery, ...results.artilleryChecks];
    console.log(
      `Artillery runs (${connections} VUs each): ${failedExpectations} failed expectations of ${sum(results.artilleryChecks, 'checksPassed') + failedExpectations}, ${sum(all, 'errors')} request errors, ${sum(all, 'vusFailed')} failed VUs.`,
    );
  } else {
    console.log('Artillery: not run (--no-artillery, or it could not be installed: see above).');
  }
  console.log(
    `\n${bigVus} VUs in one process (3-test workload, --think 1s, 3 s ramp + ${seconds} s): peak ${big.peakVus} VUs, ${big.requests} requests (${big.rps.toFixed(0)}/s), ${big.failed} failed`,
  );
  console.log('| process | peak RSS MB | RSS per VU MB | target |');
  console.log('| --- | ---: | ---: | --- |');
  console.log(`| 1 VU | ${(baseline.peakKb / 1024).toFixed(1)} | — | — |`);
  console.log(
    `| ${bigVus} VUs | ${(big.peakKb / 1024).toFixed(1)} | ${perVuMb.toFixed(3)} (above the 1-VU process); ${(big.peakKb / 1024 / bigVus).toFixed(3)} (whole process) | ≤ 0.5 |`,
  );
} finally {
  echo.child.kill();
}
