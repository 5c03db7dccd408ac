import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type EchoServer, startEchoServer } from '@apiplay/core/test-support/echo-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { item, writePostman } from './postman-fixture';
import { cliBin, runCli } from './spawn-cli';

let echo: EchoServer;
let dir: string;

function postman(items: unknown[], extra: Record<string, unknown> = {}): string {
  return writePostman(dir, 'CLI test <b>&', items, extra);
}

beforeAll(async () => {
  echo = await startEchoServer();
  dir = mkdtempSync(join(tmpdir(), 'apiplay-cli-'));
});
afterAll(async () => {
  await echo.close();
});

describe('apiplay --help', () => {
  it('documents the commands and exit codes', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('run [options] [collection]');
    expect(r.stdout).toContain('Exit codes');
  });

  it('documents every run option', async () => {
    const r = await runCli(['run', '--help']);
    expect(r.code).toBe(0);
    for (const flag of [
      '--environment',
      '--globals',
      '--iteration-data',
      '--iteration-count',
      '--folder',
      '--delay-request',
      '--timeout-request',
      '--bail',
      '--insecure',
      '--env-var',
      '--global-var',
      '--parallel',
      '--reporters',
      '--reporter-json-export',
      '--reporter-junit-export',
      '--reporter-html-export',
      '--export-environment',
    ]) {
      expect(r.stdout).toContain(flag);
    }
  });
});

describe('apiplay run: usage errors exit 2', () => {
  it.each([
    ['an unknown option', ['run', 'x.json', '--nope']],
    ['a missing collection file', ['run', '/nonexistent/c.json']],
    ['a bad --parallel value', ['run', 'x.json', '--parallel', 'zero']],
  ])('%s', async (_label, args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
  });

  it('invalid JSON, an unknown folder and an unknown reporter', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ nope');
    expect((await runCli(['run', bad])).code).toBe(2);
    const c = postman([item('a', `${echo.url}/a`)]);
    const folder = await runCli(['run', c, '--folder', 'Missing']);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('Folder "Missing" not found');
    expect((await runCli(['run', c, '-r', 'cli,xml'])).code).toBe(2);
  });
});

describe('apiplay run', () => {
  it('exits 0 when everything passes and prints a summary table', async () => {
    const c = postman([
      item('ok', `${echo.url}/ok?x=1`, "pm.test('status 200', () => pm.response.to.have.status(200));"),
    ]);
    const r = await runCli(['run', c]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓  status 200');
    expect(r.stdout).toMatch(/assertions\s+│\s+1\s+│\s+0/);
  });

  it('exits 1 on a failed assertion and lists the failure', async () => {
    const c = postman([
      item('bad', `${echo.url}/status/500`, "pm.test('wants 200', () => pm.response.to.have.status(200));"),
    ]);
    const r = await runCli(['run', c]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('AssertionError');
    expect(r.stdout).toContain('wants 200');
  });

  it('exits 1 on a request error', async () => {
    const c = postman([item('down', 'http://127.0.0.1:1/x')]);
    const r = await runCli(['run', c, '--timeout-request', '2000']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('RequestError');
  });

  it('uses environment files, --env-var overrides, CSV data and exports the final environment', async () => {
    const env = join(dir, 'env.json');
    writeFileSync(
      env,
      JSON.stringify({
        name: 'E',
        values: [
          { key: 'base', value: 'http://127.0.0.1:1', enabled: true },
          { key: 'count', value: '0', type: 'secret', enabled: true },
        ],
      }),
    );
    const data = join(dir, 'data.csv');
    writeFileSync(data, 'user,n\nann,1\nbob,2\n');
    const c = postman([
      item(
        'u',
        '{{base}}/users/{{user}}',
        "pm.test('user from data', () => pm.expect(pm.response.json().path).to.equal('/users/' + pm.iterationData.get('user')));\npm.environment.set('count', String(Number(pm.environment.get('count')) + Number(pm.iterationData.get('n'))));",
      ),
    ]);
    const out = join(dir, 'out-env.json');
    const r = await runCli([
      'run',
      c,
      '-e',
      env,
      '--env-var',
      `base=${echo.url}`,
      '-d',
      data,
      '--export-environment',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Iteration 2/2');
    const exported = JSON.parse(readFileSync(out, 'utf8')) as {
      values: { key: string; value: string; type: string }[];
    };
    expect(exported.values.find((v) => v.key === 'count')).toEqual({
      key: 'count',
      value: '3',
      type: 'secret',
      enabled: true,
    });
  });

  it('runs only --folder and honours -n, --bail and --parallel', async () => {
    const c = postman([
      item('top', `${echo.url}/top`),
      { name: 'Outer', item: [{ name: 'Inner', item: [item('inner', `${echo.url}/inner`)] }] },
    ]);
    const json = join(dir, 'folder.json');
    const r = await runCli([
      'run',
      c,
      '--folder',
      'Inner',
      '-n',
      '3',
      '--parallel',
      '3',
      '-r',
      'json',
      '--reporter-json-export',
      json,
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      executions: { name: string; iteration: number }[];
    };
    expect(report.executions.map((e) => e.name)).toEqual(['inner', 'inner', 'inner']);
    expect(report.executions.map((e) => e.iteration).sort()).toEqual([0, 1, 2]);

    const failing = postman([
      item('f', `${echo.url}/f`, "pm.test('no', () => pm.expect(1).to.equal(2));"),
      item('never', `${echo.url}/never`),
    ]);
    const jsonBail = join(dir, 'bail.json');
    const b = await runCli([
      'run',
      failing,
      '--bail',
      '-n',
      '2',
      '-r',
      'json',
      '--reporter-json-export',
      jsonBail,
    ]);
    expect(b.code).toBe(1);
    expect((JSON.parse(readFileSync(jsonBail, 'utf8')) as { executions: unknown[] }).executions).toHaveLength(
      1,
    );
  });

  it('writes json, junit and html reports', async () => {
    const c = postman([
      item('pass <script>alert(1)</script>', `${echo.url}/p`, "pm.test('passes', () => {});"),
      item('fail', `${echo.url}/f`, "pm.test('fails & \"quotes\"', () => pm.expect('a').to.equal('b'));"),
    ]);
    const json = join(dir, 'r.json');
    const junit = join(dir, 'r.xml');
    const html = join(dir, 'r.html');
    const r = await runCli([
      'run',
      c,
      '-r',
      'cli,json,junit,html',
      '--reporter-json-export',
      json,
      '--reporter-junit-export',
      junit,
      '--reporter-html-export',
      html,
    ]);
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      stats: { assertions: { total: number; failed: number } };
      executions: { assertions: { name: string; passed: boolean }[]; response: { status: number } }[];
    };
    expect(report.stats.assertions).toEqual({ total: 2, failed: 1 });
    expect(report.executions[1]?.assertions[0]).toMatchObject({ name: 'fails & "quotes"', passed: false });
    const xml = readFileSync(junit, 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toMatch(/<testsuites name="CLI test &lt;b&gt;&amp;" tests="2" failures="1" errors="0"/);
    expect(xml).toContain('<testcase name="fails &amp; &quot;quotes&quot;"');
    expect(xml).toContain('<failure type="AssertionFailure"');
    expect((xml.match(/<testsuite /g) ?? []).length).toBe(2);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page.startsWith('<!doctype html>')).toBe(true);
  });
});

describe('apiplay admin (runs the server bundle dist/admin.js)', () => {
  it('lists the admin commands, or says the bundle must be built; usage errors exit 2', async () => {
    const built = existsSync(join(dirname(cliBin), '../../server/dist/admin.js'));
    const help = await runCli(['admin', '--help']);
    if (built) {
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/backup\s+write the database/);
      expect(help.stdout).toMatch(/restore\s+replace the database/);
      // Arguments and options after the command name reach it untouched (not taken by the root program).
      const usage = await runCli(['admin', 'backup', '-v', '--x']);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/Usage: apiplay admin backup/);
    } else {
      expect(help.code).toBe(2);
      expect(help.stderr).toMatch(/admin bundle not found: run `npm run build -w apps\/server`/);
    }
  });
});
