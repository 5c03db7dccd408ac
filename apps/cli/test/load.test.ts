import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProfile, LoadMetrics } from '@apiplay/core/load';
import { decodeFromCompressedBase64 } from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { createProgress, liveLines } from '../src/load/live';
import { readLoadReport, useLoadFixture } from './load-fixture';
import { item, writePostman } from './postman-fixture';
import { cliBin, runCli } from './spawn-cli';

const fx = useLoadFixture('apiplay-load-');

function postman(items: unknown[]): string {
  return writePostman(fx.dir, 'Load <test>', items);
}

describe('apiplay load', () => {
  it('is listed in --help with exit code 99', async () => {
    const r = await runCli(['--help']);
    expect(r.stdout).toContain('load [options] <collection>');
    expect(r.stdout).toMatch(/99 +apiplay load: a threshold failed/);
    const l = await runCli(['load', '--help']);
    for (const flag of [
      '--vus',
      '--duration',
      '--stage',
      '--rate',
      '--max-vus',
      '--threads',
      '--think',
      '--threshold',
      '--out',
      '--iteration-data',
    ]) {
      expect(l.stdout).toContain(flag);
    }
  });

  it('runs the collection with its scripts, passes thresholds (exit 0) and writes JSON, HTML and JUnit', async () => {
    const c = postman([
      item(
        'Get user',
        '{{base}}/users/{{user}}',
        "pm.test('status 200', () => pm.response.to.have.status(200));\npm.test('right user', () => pm.expect(pm.response.json().path).to.equal('/users/' + pm.iterationData.get('user')));",
        "pm.variables.set('t', Date.now());",
      ),
      item('List', '{{base}}/list?x={{user}}'),
    ]);
    const data = join(fx.dir, 'users.csv');
    writeFileSync(data, 'user\nann\nbob\n');
    const env = join(fx.dir, 'env.json');
    writeFileSync(
      env,
      JSON.stringify({ name: 'E', values: [{ key: 'base', value: fx.echo.url, enabled: true }] }),
    );
    const json = join(fx.dir, 'load.json');
    const html = join(fx.dir, 'load.html');
    const junit = join(fx.dir, 'load.xml');
    const before = fx.echo.log.length;
    const r = await runCli([
      'load',
      c,
      '-e',
      env,
      '-d',
      data,
      '--vus',
      '3',
      '--duration',
      '1500ms',
      '--threshold',
      'http_req_duration:p(95)<5000',
      '--threshold',
      'http_req_failed:rate<0.01',
      '--threshold',
      'checks:rate>0.99',
      '--threshold',
      'http_req_duration{name:Get user}:p(99)<5000',
      '--out',
      `json=${json}`,
      '--out',
      `html=${html}`,
      '--out',
      `junit=${junit}`,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Not a TTY: one plain line per second, then the summary.
    expect(r.stdout).toMatch(/^\[ +1\.\ds\] vus=3 req\/s=[\d.]+ requests=\d+ errors=0 p50=/m);
    expect(r.stdout).toContain('✓ checks:rate>0.99');
    const report = readLoadReport(json);
    expect(report.passed).toBe(true);
    expect(report.peakVus).toBe(3);
    expect(report.totals.requests).toBe(fx.echo.log.length - before);
    expect(report.totals.failed).toBe(0);
    expect(report.totals.checks.failed).toBe(0);
    expect(report.totals.checks.passed).toBe(
      2 * (report.requests.find((q) => q.name === 'Get user')?.requests ?? -1),
    );
    expect(report.thresholds.map((t) => t.passed)).toEqual([true, true, true, true]);
    expect(report.series.length).toBeGreaterThanOrEqual(1);
    expect(report.series.reduce((a, s) => a + s.requests, 0)).toBe(report.totals.requests);
    // Per-request HDR histograms, decodable by HdrHistogram.
    for (const q of report.requests) {
      const h = decodeFromCompressedBase64(q.histogram);
      expect(h.totalCount).toBe(q.requests);
      expect(h.getValueAtPercentile(95) / 1000).toBeCloseTo(q.latency.p95, 3);
    }
    // Data rows went round-robin.
    const users = new Set(
      fx.echo.log
        .slice(before)
        .filter((l) => l.startsWith('GET /users/'))
        .map((l) => l.slice(11)),
    );
    expect(users).toEqual(new Set(['ann', 'bob']));
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<svg');
    expect(page).toContain('Load &lt;test&gt;');
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('tests="4" failures="0"');
    expect(xml.match(/<testcase /g)?.length).toBe(4);
  });

  it('exits 99 when a threshold fails and reports it as a failed JUnit test case', async () => {
    const c = postman([
      item('ok', `${fx.echo.url}/ok`, "pm.test('never', () => pm.expect(1).to.equal(2));"),
      item('missing', `${fx.echo.url}/status/500`),
    ]);
    const junit = join(fx.dir, 'fail.xml');
    const r = await runCli([
      'load',
      c,
      '--vus',
      '2',
      '--duration',
      '1s',
      '--threshold',
      'http_req_failed:rate<0.01',
      '--threshold',
      'checks:rate>0.99',
      '--threshold',
      'http_req_duration:p(95)<60000',
      '--out',
      `junit=${junit}`,
    ]);
    expect(r.code).toBe(99);
    // Every second request fails; a VU stopped by the clock between its two requests leaves one more success,
    // so the rate is 50% or a little under (how much depends on how many iterations this machine ran).
    const failedRate = /✗ http_req_failed:rate<0.01 +rate=(\d+\.\d\d)% \(want < 0.01\)/.exec(r.stdout);
    expect(failedRate, r.stdout).not.toBeNull();
    expect(Number(failedRate?.[1])).toBeGreaterThan(25);
    expect(Number(failedRate?.[1])).toBeLessThanOrEqual(50);
    expect(r.stdout).toMatch(/✗ checks:rate>0.99 +rate=0\.00%/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('tests="3" failures="2"');
    expect(xml).toContain(`<failure message="rate=${failedRate?.[1]}% (want &lt; 0.01)"`);
  });

  it('stops on Ctrl-C with the summary and the reports (exit 1, or 99 when a threshold failed)', async () => {
    const c = postman([item('a', `${fx.echo.url}/a`)]);
    const json = join(fx.dir, 'interrupted.json');
    const child = spawn(
      process.execPath,
      [cliBin, 'load', c, '--vus', '2', '--duration', '60s', '--out', `json=${json}`],
      { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      // Interrupt once the first per-second line is out (the run is under way).
      if (/vus=2/.test(stdout) && !child.killed) {
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(1);
    expect(stdout).toMatch(/load test, [\d.]+ s \(interrupted\)/);
    const report = readLoadReport(json);
    expect(report.aborted).toBe(true);
    expect(report.totals.requests).toBeGreaterThan(0);
  });

  it('ramps through stages', async () => {
    const c = postman([item('a', `${fx.echo.url}/a`)]);
    const json = join(fx.dir, 'stages.json');
    const r = await runCli(['load', c, '--stage', '1s:4', '--stage', '1s:0', '--out', `json=${json}`]);
    expect(r.code).toBe(0);
    const report = readLoadReport(json);
    expect(report.peakVus).toBeGreaterThanOrEqual(3);
    expect(report.peakVus).toBeLessThanOrEqual(4);
    expect(report.totals.requests).toBeGreaterThan(0);
    expect(report.series.at(-1)?.vus).toBe(0);
  });

  it('starts iterations at an arrival rate, capped by --max-vus, with think time', async () => {
    const c = postman([item('a', `${fx.echo.url}/a`)]);
    const json = join(fx.dir, 'rate.json');
    const r = await runCli([
      'load',
      c,
      '--rate',
      '20/s',
      '--duration',
      '1s',
      '--max-vus',
      '5',
      '--think',
      '10ms-20ms',
      '--out',
      `json=${json}`,
    ]);
    expect(r.code).toBe(0);
    const report = readLoadReport(json);
    expect(report.peakVus).toBeLessThanOrEqual(5);
    // 20 are due in 1 s (fewer only if the scheduler's timer ran late on a loaded machine).
    expect(report.totals.iterations + report.totals.droppedIterations).toBeGreaterThanOrEqual(12);
    expect(report.totals.iterations + report.totals.droppedIterations).toBeLessThanOrEqual(21);
  });

  it.each([
    [['--duration', '1s', '--threshold', 'http_req_duraton:p(95)<200'], /unknown metric "http_req_duraton"/],
    [['--duration', '1s', '--threshold', 'http_req_duration:p95<200'], /malformed expression "p95<200"/],
    [['--duration', '1s', '--threshold', 'checks:p(95)<1'], /checks is a rate: use rate/],
    [['--stage', 'forever:10'], /never ends/],
    [['--stage', '0s:10', '--stage', '0s:0'], /last 0s in total/],
    [['--duration', '0s'], /--duration: must be more than 0/],
    [['--vus', '5'], /give --duration .* or --stage/],
    [['--vus', '50', '--duration', '1s', '--max-vus', '10'], /50 VUs is more than --max-vus \(10\)/],
    [['--stage', '1s:20000'], /more than the cap of 10000/],
    [['--rate', 'lots', '--duration', '1s'], /not a rate/],
    [['--duration', '1s', '--out', 'csv=x.csv'], /unknown report "csv"/],
    [['--duration', '1s', '--think', '200ms-100ms'], /ends before it starts/],
  ])('refuses %j before the first request (exit 2)', async (args, message) => {
    const c = postman([item('a', `${fx.echo.url}/never`)]);
    const before = fx.echo.log.length;
    const r = await runCli(['load', c, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(fx.echo.log.length).toBe(before);
  });

  it('refuses a per-request threshold naming no request of the run (exit 2)', async () => {
    const before = fx.echo.log.length;
    const r = await runCli([
      'load',
      postman([item('Get user', `${fx.echo.url}/u`)]),
      '--duration',
      '1s',
      '--threshold',
      'http_req_duration{name:Get users}:p(95)<100',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no request named "Get users" in the run \(requests: Get user\)/);
    expect(fx.echo.log.length).toBe(before);
  });

  it('refuses a collection with no requests (exit 2)', async () => {
    const r = await runCli(['load', postman([{ name: 'empty folder', item: [] }]), '--duration', '1s']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no requests/);
  });
});

describe('live view', () => {
  it('redraws VUs, req/s, percentiles, errors and checks in place on a TTY', () => {
    const m = new LoadMetrics();
    m.request('a', 12, 10, false, 3, 1);
    m.request('a', 30, 20, true, 0, 0);
    const sample = m.tick(1000, 7);
    const lines = liveLines({ sample, metrics: m, plannedMs: 10_000 });
    expect(lines.join('\n')).toMatch(/1s\/10s +VUs 7/);
    expect(lines.join('\n')).toMatch(/req\/s +2\.0/);
    expect(lines.join('\n')).toMatch(/p50 12\.0ms +p95 30\.0ms +p99 30\.0ms/);
    expect(lines.join('\n')).toMatch(/errors 1 \(total 1, 50\.00%\)/);
    expect(lines.join('\n')).toMatch(/checks 75\.00% this second/);
    let written = '';
    const out = {
      write: (s: string): boolean => {
        written += s;
        return true;
      },
    } as unknown as NodeJS.WriteStream;
    const p = createProgress(out, 10_000, true);
    p.update(sample, m);
    p.update(m.tick(2000, 7), m);
    // The second frame moves the cursor up over the first (4 lines) and clears it.
    expect(written).toContain('\x1b[4A\x1b[0J');
    expect(buildProfile({ duration: '1s' }).mode).toBe('vus');
  });
});
