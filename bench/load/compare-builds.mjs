#!/usr/bin/env node
// `apiplay load` of two built checkouts of this repository AT THE SAME TIME, each against its own loopback echo
// server, round after round (the two swap echo servers each round). On a shared host whose speed drifts by up to 2×
// within minutes, alternating runs compare unlike minutes; running side by side puts both builds in the same ones,
// so the ratio of a change of a few percent shows through. Each build's req/s, and its requests per CPU-second
// (GNU time), per round and as medians of each round's own ratio after / before.
//   node bench/load/compare-builds.mjs --before ../baseline-checkout [--after .] [--rounds 4] [--seconds 5]
//     [--vus 50] [--threads 1] [--scripts | --no-scripts]
// Both checkouts must have the CLI built (npm run build -w apps/cli). The workload is compare.mjs's (the shared
// 3-test workload, or its requests without scripts).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { median, option, startEcho } from '../runner/bench-helpers.mjs';
import { generate } from '../runner/gen-collection.mjs';

const args = process.argv.slice(2);
const roots = {
  before: resolve(option(args, 'before', '')),
  after: resolve(option(args, 'after', '.')),
};
const rounds = Number(option(args, 'rounds', '4'));
const seconds = Number(option(args, 'seconds', '5'));
const vus = option(args, 'vus', '50');
const threads = option(args, 'threads', '1');
const scripts = !args.includes('--no-scripts');
const TIME = '/usr/bin/time';

for (const [label, root] of Object.entries(roots)) {
  if (!existsSync(join(root, 'apps/cli/dist/apiplay.js'))) {
    console.error(`${label}: ${root} has no built CLI — run \`npm run build -w apps/cli\` there`);
    process.exit(2);
  }
}
if (!existsSync(TIME)) {
  console.error('needs GNU time (/usr/bin/time, Debian package "time") for CPU time');
  process.exit(2);
}

/** One `apiplay load` of `root` against `url`: its report's req/s and requests per CPU-second. */
function load(root, url, collection, env, out) {
  return new Promise((resolvePromise, reject) => {
    const argv = [
      ...['-f', 'GNUTIME %U %S', process.execPath, join(root, 'apps/cli/bin/apiplay.js'), 'load', collection],
      ...['-e', env, '--env-var', `baseUrl=${url}`, '--vus', vus, '--threads', threads],
      ...['--duration', `${seconds}s`, '--out', `json=${out}`],
    ];
    const child = spawn(TIME, argv, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /GNUTIME ([\d.]+) ([\d.]+)/.exec(stderr);
      if ((code !== 0 && code !== 99) || !m || !existsSync(out)) {
        reject(new Error(`${root}: apiplay load exited ${code}: ${stderr.slice(-1000)}`));
        return;
      }
      const report = JSON.parse(readFileSync(out, 'utf8'));
      const cpu = Number(m[1]) + Number(m[2]);
      resolvePromise({
        rps: report.totals.rps,
        perCpu: report.totals.requests / cpu,
        checksFailed: report.totals.checks.failed,
      });
    });
  });
}

const outDir = join(roots.after, 'bench/output/load-builds');
const echoes = [await startEcho(), await startEcho()];
try {
  const workload = generate(outDir, [4], echoes[0].url, { scripts });
  const collection = workload.files[4];
  if (scripts) {
    // As compare.mjs: the last request resets the chained value, so every iteration's checks pass.
    const c = JSON.parse(readFileSync(collection, 'utf8'));
    const last = c.item.at(-1).event[0].script.exec;
    last[last.length - 1] = 'pm.environment.set("chain", "c-init");';
    writeFileSync(collection, JSON.stringify(c));
  }
  const ratios = { rps: [], perCpu: [] };
  const fmt = (r) => `${r.rps.toFixed(0)} req/s, ${r.perCpu.toFixed(0)} req/CPU-s`;
  for (let i = 0; i < rounds; i++) {
    const [a, b] = i % 2 === 0 ? echoes : [echoes[1], echoes[0]];
    const [before, after] = await Promise.all([
      load(roots.before, a.url, collection, workload.env, join(outDir, 'before.json')),
      load(roots.after, b.url, collection, workload.env, join(outDir, 'after.json')),
    ]);
    if (before.checksFailed > 0 || after.checksFailed > 0) {
      throw new Error(`failed checks: before ${before.checksFailed}, after ${after.checksFailed}`);
    }
    ratios.rps.push(after.rps / before.rps);
    ratios.perCpu.push(after.perCpu / before.perCpu);
    console.log(
      `round ${i + 1}/${rounds}: before ${fmt(before)} | after ${fmt(after)} | after ÷ before: req/s ${(after.rps / before.rps).toFixed(3)}, per CPU-s ${(after.perCpu / before.perCpu).toFixed(3)}`,
    );
  }
  console.log(
    `\n${scripts ? '3-test workload' : 'no scripts'}, ${vus} VUs, --threads ${threads}, ${seconds} s, both builds at once:`,
  );
  console.log('| measure | after ÷ before (median of rounds) | rounds |');
  console.log('| --- | ---: | --- |');
  for (const [k, xs] of Object.entries(ratios)) {
    console.log(
      `| ${k === 'rps' ? 'req/s' : 'req per CPU-s'} | ${median(xs).toFixed(3)} | ${xs.map((x) => x.toFixed(2)).join(', ')} |`,
    );
  }
} finally {
  for (const e of echoes) {
    e.child.kill();
  }
}
