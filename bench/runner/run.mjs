#!/usr/bin/env node
// Runner benchmark: apiplay vs newman on the BENCHMARKS.md workload, side by side, alternating A B A B.
//   node bench/runner/run.mjs [--runs 5] [--sizes 1,200,1000] [--parallel-iterations 200] [--skip-newman]
// Prints medians of startup (1-request run), per-request overhead ((wall(1000) − wall(1)) / 999), the same two in
// CPU time of the tool's process (/usr/bin/time), peak RSS,
// assertion counts of both tools (must match), and `--parallel 8` vs `--parallel 1` throughput on /delay/20.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, option, startEcho } from './bench-helpers.mjs';
import { generate } from './gen-collection.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const outDir = join(root, 'bench/output/runner');

const args = process.argv.slice(2);
const opt = (name, fallback) => option(args, name, fallback);
const runs = Number(opt('runs', '5'));
const sizes = opt('sizes', '1,200,1000').split(',').map(Number);
const parallelIterations = Number(opt('parallel-iterations', '200'));
const skipNewman = args.includes('--skip-newman');
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const apiplayBin = join(root, 'apps/cli/bin/apiplay.js');
const newmanBin = join(root, 'node_modules/newman/bin/newman.js');

/** Run a command; wall time in ms, peak RSS in MB (/usr/bin/time -v, else the child's resourceUsage via a wrapper). */
function measure(argv) {
  return new Promise((resolvePromise, reject) => {
    const cmd = timeBin ?? process.execPath;
    const full = timeBin ? ['-v', process.execPath, ...argv] : argv;
    const started = process.hrtime.bigint();
    const child = spawn(cmd, full, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
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
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? Number.NaN);
      // CPU time of the tool's process (user + system): what a run costs, whatever else loads a shared machine.
      const seconds = (label) =>
        Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(stderr)?.[1] ?? Number.NaN);
      const cpuMs = (seconds('User') + seconds('System')) * 1000;
      const m = /assertions\s*│\s*(\d+)\s*│\s*(\d+)/.exec(stdout);
      resolvePromise({
        code,
        wallMs,
        rssMb: rssKb / 1024,
        cpuMs,
        assertions: m ? { total: Number(m[1]), failed: Number(m[2]) } : undefined,
        stdout,
        stderr,
      });
    });
  });
}

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

async function main() {
  process.stdout.write('building apps/cli … ');
  execFileSync(process.execPath, [join(root, 'apps/cli/build.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write('done\n');
  rmSync(outDir, { recursive: true, force: true });
  const echo = await startEcho();
  const { files, delay, env } = generate(outDir, sizes, echo.url);
  const tools = skipNewman ? ['apiplay'] : ['newman', 'apiplay'];
  const results = {};
  try {
    for (const n of sizes) {
      for (let r = 0; r < runs; r++) {
        // Alternate which tool goes first each round so drift on a shared machine hits both.
        const order = r % 2 === 0 ? tools : [...tools].reverse();
        for (const tool of order) {
          const argv =
            tool === 'newman'
              ? [newmanBin, 'run', files[n], '-e', env]
              : [apiplayBin, 'run', files[n], '-e', env];
          const m = await measure(argv);
          if (m.code !== 0) {
            throw new Error(
              `${tool} ${n} exited ${m.code}\n${m.stdout.slice(-2000)}\n${m.stderr.slice(-2000)}`,
            );
          }
          const key = `${tool}:${n}`;
          results[key] ??= [];
          results[key].push(m);
          process.stdout.write(
            `  ${tool.padEnd(8)} n=${String(n).padEnd(5)} run ${r + 1}/${runs}: ${fmt(m.wallMs)} ms (CPU ${fmt(m.cpuMs)} ms), ${fmt(m.rssMb)} MB, assertions ${m.assertions ? `${m.assertions.total}/${m.assertions.failed} failed` : '?'}\n`,
          );
        }
      }
    }

    // --parallel 8 vs --parallel 1 on /delay/20: throughput inside the run (report start → finish).
    const parallel = { 1: [], 8: [] };
    for (let r = 0; r < Math.max(3, Math.ceil(runs / 2)); r++) {
      for (const p of r % 2 === 0 ? [1, 8] : [8, 1]) {
        const report = join(outDir, `parallel-${p}-${r}.json`);
        const m = await measure([
          apiplayBin,
          'run',
          delay,
          '-e',
          env,
          '-n',
          String(parallelIterations),
          '--parallel',
          String(p),
          '-r',
          'json',
          '--reporter-json-export',
          report,
        ]);
        if (m.code !== 0) {
          throw new Error(`parallel ${p} exited ${m.code}: ${m.stderr}`);
        }
        const rep = JSON.parse(readFileSync(report, 'utf8'));
        const seconds = (Date.parse(rep.finishedAt) - Date.parse(rep.startedAt)) / 1000;
        const rps = rep.stats.requests.total / seconds;
        parallel[p].push(rps);
        process.stdout.write(
          `  apiplay --parallel ${p}: ${rep.stats.requests.total} requests in ${fmt(seconds, 2)} s = ${fmt(rps, 1)} req/s\n`,
        );
      }
    }

    const med = (tool, n, f) => median((results[`${tool}:${n}`] ?? []).map(f));
    const lo = Math.min(...sizes);
    const hi = Math.max(...sizes);
    const rows = [];
    const row = (label, newman, apiplay, unit, digits = 1, better = 'lower') => {
      const ratio = better === 'lower' ? newman / apiplay : apiplay / newman;
      rows.push([
        label,
        `${fmt(newman, digits)} ${unit}`,
        `${fmt(apiplay, digits)} ${unit}`,
        Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a',
      ]);
    };
    row(
      `startup (wall, ${lo}-request run)`,
      med('newman', lo, (m) => m.wallMs) / 1000,
      med('apiplay', lo, (m) => m.wallMs) / 1000,
      's',
      2,
    );
    const perReq = (tool) => (med(tool, hi, (m) => m.wallMs) - med(tool, lo, (m) => m.wallMs)) / (hi - lo);
    row(
      `per-request overhead ((wall(${hi}) − wall(${lo})) / ${hi - lo})`,
      perReq('newman'),
      perReq('apiplay'),
      'ms',
      2,
    );
    // The same two figures in CPU time: on a loaded shared machine wall time mostly measures the queue for a core.
    row(
      `startup (CPU, ${lo}-request run)`,
      med('newman', lo, (m) => m.cpuMs) / 1000,
      med('apiplay', lo, (m) => m.cpuMs) / 1000,
      's',
      2,
    );
    const perReqCpu = (tool) => (med(tool, hi, (m) => m.cpuMs) - med(tool, lo, (m) => m.cpuMs)) / (hi - lo);
    row(
      `per-request CPU ((cpu(${hi}) − cpu(${lo})) / ${hi - lo})`,
      perReqCpu('newman'),
      perReqCpu('apiplay'),
      'ms',
      2,
    );
    for (const n of sizes) {
      row(
        `wall, ${n} requests`,
        med('newman', n, (m) => m.wallMs) / 1000,
        med('apiplay', n, (m) => m.wallMs) / 1000,
        's',
        2,
      );
    }
    for (const n of sizes) {
      row(
        `peak RSS, ${n} requests`,
        med('newman', n, (m) => m.rssMb),
        med('apiplay', n, (m) => m.rssMb),
        'MB',
        0,
      );
    }
    const widths = [52, 14, 14, 10];
    const line = (cells) =>
      cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' │ ');
    console.log(
      `\nRunner benchmark — medians of ${runs} runs each, alternating (ratio = newman / apiplay, > 1 means apiplay wins)`,
    );
    console.log(line(['metric', 'newman', 'apiplay', 'ratio']));
    console.log(widths.map((w) => '─'.repeat(w)).join('─┼─'));
    for (const r of rows) {
      console.log(line(r));
    }
    console.log('\nassertion counts (total / failed, every run):');
    let same = true;
    for (const n of sizes) {
      const counts = tools.map((t) =>
        [
          ...new Set(
            (results[`${t}:${n}`] ?? []).map((m) =>
              m.assertions ? `${m.assertions.total}/${m.assertions.failed}` : '?',
            ),
          ),
        ].join(','),
      );
      const expected = `${3 * n}/0`;
      const ok = counts.every((c) => c === expected);
      same &&= ok;
      console.log(
        `  n=${n}: ${tools.map((t, i) => `${t} ${counts[i]}`).join(', ')} (expected ${expected}) ${ok ? 'OK' : 'MISMATCH'}`,
      );
    }
    const p1 = median(parallel[1]);
    const p8 = median(parallel[8]);
    console.log(
      `\n--parallel 8 vs --parallel 1 on /delay/20 (${parallelIterations} iterations): ${fmt(p8, 1)} vs ${fmt(p1, 1)} req/s = ${(p8 / p1).toFixed(2)}× (target ≥ 4×)`,
    );
    console.log(
      `targets: per-request ≤ 1 ms, startup ≤ 0.4 s, RSS < newman, parallel ≥ 4×; assertion counts ${same ? 'identical' : 'DIFFER'}`,
    );
  } finally {
    echo.child.kill('SIGTERM');
  }
}

await main();
