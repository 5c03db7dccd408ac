import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, decodeFromCompressedBase64 } from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { readLoadReport, useLoadFixture } from './load-fixture';
import { item, writePostman } from './postman-fixture';
import { cliBin, runCli } from './spawn-cli';

// `apiplay load --threads N`: the VUs split across worker threads, merged back into one run. Every run here asks
// for its threads explicitly, so the tests mean the same on a 1-core machine.

const fx = useLoadFixture('apiplay-load-threads-');

const report = readLoadReport;
const sentSince = (before: number): string[] => fx.echo.log.slice(before);

/** Runs the CLI from `bin` (default: the build) and interrupts it with SIGINT once `interruptWhen` matches stdout. */
function spawnLoad(args: string[], interruptWhen: RegExp, bin = cliBin) {
  const child = spawn(process.execPath, [bin, 'load', ...args], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    if (interruptWhen.test(stdout) && !child.killed) {
      child.kill('SIGINT');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.on('close', (code) => done({ code, stdout, stderr })),
  );
}

describe('apiplay load --threads', () => {
  it('merges the threads into one run: every request counted, percentiles from added histograms, rows round-robin', async () => {
    const c = writePostman(fx.dir, 'Threads', [
      item(
        'Get user',
        `${fx.echo.url}/users/{{user}}/{{it}}`,
        "pm.test('status 200', () => pm.response.to.have.status(200));",
        "pm.variables.set('it', pm.info.iteration);",
      ),
      item('List', `${fx.echo.url}/delay/2`),
    ]);
    const data = join(fx.dir, 'users.csv');
    writeFileSync(data, 'user\nann\nbob\ncy\n');
    const json = join(fx.dir, 'threads.json');
    const before = fx.echo.log.length;
    const r = await runCli([
      'load',
      c,
      '-d',
      data,
      '--vus',
      '4',
      '--threads',
      '2',
      '--duration',
      '2s',
      '--threshold',
      'checks:rate>0.99',
      '--out',
      `json=${json}`,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
    const sent = sentSince(before);
    const rep = report(json);
    // What the target counted is what the merged run counted.
    expect(rep.totals.requests).toBe(sent.length);
    expect(rep.totals.checks).toEqual({
      passed: rep.requests.find((q) => q.name === 'Get user')?.requests,
      failed: 0,
    });
    expect(rep.peakVus).toBe(4);
    // The merged seconds add up to the totals, and each shows the VUs of both threads.
    expect(rep.series.reduce((n, s) => n + s.requests, 0)).toBe(rep.totals.requests);
    expect(rep.series.reduce((n, s) => n + s.iterations, 0)).toBe(rep.totals.iterations);
    expect(rep.series[0]?.vus).toBe(4);
    expect(r.stdout).toMatch(/^\[ +1\.\ds\] vus=4 /m);
    // Percentiles come from added histograms: the total's equal those of the per-request histograms added up
    // (each merged separately from the threads' own), and the printed ones are the histogram's.
    const total = decodeFromCompressedBase64(rep.totals.histogram);
    expect(total.totalCount).toBe(rep.totals.requests);
    const sum = build({ numberOfSignificantValueDigits: 3, useWebAssembly: false });
    for (const q of rep.requests) {
      sum.add(decodeFromCompressedBase64(q.histogram));
    }
    for (const p of [50, 90, 95, 99]) {
      expect(sum.getValueAtPercentile(p)).toBe(total.getValueAtPercentile(p));
    }
    expect(total.getValueAtPercentile(95) / 1000).toBeCloseTo(rep.totals.latency.p95, 3);
    // Iteration n took row n % 3 on whichever thread ran it; both threads ran (even and odd iterations), none twice.
    const iterations = sent.flatMap((l) => {
      const m = /^GET \/users\/(\w+)\/(\d+)$/.exec(l);
      return m ? [{ user: m[1], it: Number(m[2]) }] : [];
    });
    expect(iterations.length).toBe(rep.requests.find((q) => q.name === 'Get user')?.requests);
    for (const { user, it } of iterations) {
      expect(user).toBe(['ann', 'bob', 'cy'][it % 3]);
    }
    expect(new Set(iterations.map((i) => i.it)).size).toBe(iterations.length);
    expect(new Set(iterations.map((i) => i.it % 2))).toEqual(new Set([0, 1]));
  });

  it('exits 99 when a threshold fails on the merged run', async () => {
    const c = writePostman(fx.dir, 'Threads 99', [
      item('ok', `${fx.echo.url}/ok`),
      item('bad', `${fx.echo.url}/status/500`),
    ]);
    const r = await runCli([
      'load',
      c,
      '--vus',
      '2',
      '--threads',
      '2',
      '--duration',
      '1s',
      '--threshold',
      'http_req_failed:rate<0.01',
      '--threshold',
      'http_req_duration:p(95)<60000',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(99);
    expect(r.stdout).toMatch(/✗ http_req_failed:rate<0.01 +rate=\d+\.\d\d%/);
    expect(r.stdout).toMatch(/✓ http_req_duration:p\(95\)<60000/);
  });

  it('Ctrl-C stops every thread: the summary and reports of what was measured, exit 1, nothing sent after', async () => {
    const c = writePostman(fx.dir, 'Threads SIGINT', [item('a', `${fx.echo.url}/a`)]);
    const json = join(fx.dir, 'threads-interrupted.json');
    const before = fx.echo.log.length;
    const started = Date.now();
    const r = await spawnLoad(
      [c, '--vus', '4', '--threads', '2', '--duration', '60s', '--out', `json=${json}`],
      /vus=4/,
    );
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.stdout).toMatch(/load test, [\d.]+ s \(interrupted\)/);
    const rep = report(json);
    expect(rep.aborted).toBe(true);
    expect(rep.runError).toBeUndefined();
    // Requests in flight at Ctrl-C were cancelled, not measured: at most one per VU.
    const sent = sentSince(before).length;
    expect(rep.totals.requests).toBeGreaterThan(0);
    expect(rep.totals.requests).toBeLessThanOrEqual(sent);
    expect(rep.totals.requests).toBeGreaterThanOrEqual(sent - 4);
    const after = fx.echo.log.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fx.echo.log.length).toBe(after);
  });

  it('a thread that crashes mid-run ends the run with a run error naming it (exit 1), not a hang', async () => {
    // A copy of the build whose first load thread throws an uncaught error 1 s into its run.
    const copy = mkdtempSync(join(tmpdir(), 'apiplay-crash-'));
    const cli = dirname(dirname(cliBin));
    for (const part of ['bin', 'dist', 'package.json']) {
      cpSync(join(cli, part), join(copy, part), { recursive: true });
    }
    renameSync(join(copy, 'dist/load-thread.js'), join(copy, 'dist/load-thread-real.js'));
    writeFileSync(
      join(copy, 'dist/load-thread.js'),
      `import { workerData } from 'node:worker_threads';
if (workerData.part.index === 0) setTimeout(() => { throw new Error('boom'); }, 1000);
await import('./load-thread-real.js');`,
    );
    const c = writePostman(fx.dir, 'Threads crash', [item('a', `${fx.echo.url}/a`)]);
    const json = join(fx.dir, 'threads-crash.json');
    const started = Date.now();
    const r = await spawnLoad(
      [c, '--vus', '4', '--threads', '2', '--duration', '60s', '--out', `json=${json}`],
      /(?!)/,
      join(copy, 'bin/apiplay.js'),
    );
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.stdout).toContain('run error: load thread 1 of 2: boom');
    const rep = report(json);
    expect(rep.runError).toBe('load thread 1 of 2: boom');
    expect(rep.passed).toBe(false);
    // The other thread's measurements are kept.
    expect(rep.totals.requests).toBeGreaterThan(0);
  });

  it.each([
    [['--threads', '0'], /--threads.*expected an integer ≥ 1/],
    [['--threads', 'two'], /--threads.*expected an integer ≥ 1/],
    [['--threads', '100000'], /--threads: 100000 is more than 256/],
  ])('refuses %j before the first request (exit 2)', async (args, message) => {
    const before = fx.echo.log.length;
    const r = await runCli([
      'load',
      writePostman(fx.dir, 'x', [item('a', `${fx.echo.url}/a`)]),
      '--duration',
      '1s',
      ...args,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(fx.echo.log.length).toBe(before);
  });
});
