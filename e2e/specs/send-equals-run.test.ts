import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthPage, PASSWORD } from '../pages/auth-page';
import { PlaygroundPage } from '../pages/playground-page';
import { Api } from '../support/api';
import { launch, newContext, shot, uniqueEmail } from '../support/browser';
import { noChromium } from '../support/skip';

const baseUrl = noChromium ? '' : inject('baseUrl');
// The launcher the package installs as `apiplay` (dist/apiplay.js only exports `start`).
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'cli', 'bin', 'apiplay.js');

/** What reached the echo: everything a target can observe. */
interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback target that records every request and answers with it as JSON (so tests can look at it). */
function startEcho(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(entry);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(entry));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}`, received });
    });
  });
}

const script = (lines: string[]) => lines.join('\n');

/**
 * Three levels, each with auth, variables and pre-request/test scripts: collection → "Level 1" → "Level 2",
 * plus a request at each level. Variables shadow one another (nearest wins), scripts add headers and set
 * variables, and the tests read what the echo saw.
 */
function threeLevelCollection(echo: string) {
  return {
    name: 'Send equals run',
    auth: { type: 'bearer', token: '{{token}}' },
    variables: [
      { key: 'base', value: echo },
      { key: 'token', value: 'collection-token' },
      { key: 'shared', value: 'from-collection' },
    ],
    scripts: {
      preRequest: script([
        "pm.variables.set('stamp', 'c-' + pm.info.requestName.replace(/ /g, '-'));",
        "pm.request.headers.add({ key: 'X-Collection', value: pm.variables.get('shared') });",
      ]),
      test: script([
        "pm.test('collection: 200', () => pm.response.to.have.status(200));",
        "pm.test('collection: stamp sent', () => pm.expect(pm.response.json().headers['x-collection']).to.be.a('string'));",
      ]),
    },
    items: [
      {
        type: 'request',
        id: 'root-req',
        name: 'Root request',
        method: 'GET',
        url: '{{base}}/root?shared={{shared}}&stamp={{stamp}}',
        headers: [{ key: 'X-Root', value: '{{token}}' }],
        auth: { type: 'apikey', key: 'X-Api-Key', value: 'root-{{shared}}', in: 'header' },
        scripts: {
          preRequest: '',
          test: "pm.test('root: path', () => pm.expect(pm.response.json().url).to.include('/root'));",
        },
      },
      {
        type: 'folder',
        id: 'l1',
        name: 'Level 1',
        auth: { type: 'inherit' },
        variables: [
          { key: 'shared', value: 'from-level-1' },
          { key: 'l1', value: 'one' },
        ],
        scripts: {
          preRequest: "pm.request.headers.add({ key: 'X-Level-1', value: pm.variables.get('l1') });",
          test: "pm.test('level 1: header seen', () => pm.expect(pm.response.json().headers['x-level-1']).to.eql('one'));",
        },
        items: [
          {
            type: 'request',
            id: 'l1-req',
            name: 'Level 1 request',
            method: 'POST',
            url: '{{base}}/level1',
            headers: [{ key: 'Content-Type', value: 'application/json' }],
            body: {
              mode: 'raw',
              raw: '{"shared":"{{shared}}","stamp":"{{stamp}}","l1":"{{l1}}"}',
              language: 'json',
            },
            auth: { type: 'inherit' },
            scripts: {
              preRequest: '',
              test: "pm.test('level 1 request: body', () => pm.expect(JSON.parse(pm.response.json().body).shared).to.eql('from-level-1'));",
            },
          },
          {
            type: 'folder',
            id: 'l2',
            name: 'Level 2',
            auth: { type: 'basic', username: '{{l2user}}', password: 'pw-{{l1}}' },
            variables: [
              { key: 'shared', value: 'from-level-2' },
              { key: 'l2user', value: 'deep-user' },
            ],
            scripts: {
              preRequest: script([
                "pm.variables.set('l2stamp', pm.variables.get('stamp') + '/l2');",
                "pm.request.headers.add({ key: 'X-Level-2', value: pm.variables.get('l2stamp') });",
              ]),
              test: "pm.test('level 2: basic auth', () => pm.expect(pm.response.json().headers.authorization).to.match(/^Basic /));",
            },
            items: [
              {
                type: 'request',
                id: 'l2-req',
                name: 'Level 2 request',
                method: 'PUT',
                url: '{{base}}/level2/{{l2user}}?s={{shared}}&l1={{l1}}',
                headers: [{ key: 'X-Deep', value: '{{l2stamp}}' }],
                body: {
                  mode: 'urlencoded',
                  urlencoded: [
                    { key: 'shared', value: '{{shared}}' },
                    { key: 'token', value: '{{token}}' },
                  ],
                },
                auth: { type: 'inherit' },
                scripts: {
                  preRequest: "pm.variables.set('shared', 'set-by-request-script');",
                  test: "pm.test('level 2 request: local var wins', () => pm.expect(pm.response.json().url).to.include('s=set-by-request-script'));",
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

/** Reduce a received request to what must match: hop-by-hop transport details aside, everything. */
function comparable(r: Received) {
  return { method: r.method, url: r.url, headers: r.headers, body: r.body };
}

describe.skipIf(noChromium)(noChromium || 'Send from the UI ≡ apiplay run (differential)', () => {
  let browser: Browser;
  let page: Page;
  let pg: PlaygroundPage;
  let echo: Awaited<ReturnType<typeof startEcho>>;
  const byCli = new Map<string, Received>();
  const cliTests = new Map<string, string[]>();
  const requests = ['Root request', 'Level 1 request', 'Level 2 request'];

  beforeAll(async () => {
    echo = await startEcho();
    const email = uniqueEmail('differential');
    browser = await launch();
    page = await (await newContext(browser, baseUrl)).newPage();
    pg = new PlaygroundPage(page);
    await new AuthPage(page).signUp(email, 'Dana Differential');
    const wid = await pg.workspaceId();

    const api = new Api(baseUrl);
    const login = await api.call<{ accessToken: string }>('POST', '/api/auth/login', {
      email,
      password: PASSWORD,
    });
    api.token = login.accessToken;
    const col = await api.call<{ id: string }>(
      'POST',
      `/api/workspaces/${wid}/collections`,
      threeLevelCollection(echo.url),
    );
    const key = await api.call<{ key: string }>('POST', '/api/api-keys', { name: 'differential' });

    // The CLI runs the stored collection from the server: same items, same ancestors.
    const out = mkdtempSync(join(tmpdir(), 'apiplay-e2e-diff-'));
    const report = join(out, 'run.json');
    await promisify(execFile)(
      process.execPath,
      [
        cli,
        'run',
        '--server',
        baseUrl,
        '--api-key',
        key.key,
        '--collection',
        col.id,
        '--reporters',
        'json',
        '--reporter-json-export',
        report,
      ],
      { timeout: 60_000 },
    );
    for (const r of echo.received) {
      byCli.set(r.url.split('?')[0] ?? '', r);
    }
    const executions = (
      JSON.parse(readFileSync(report, 'utf8')) as {
        executions: { name: string; assertions: { name: string; passed: boolean }[] }[];
      }
    ).executions;
    for (const e of executions) {
      cliTests.set(
        e.name,
        e.assertions.map((a) => `${a.passed ? 'PASS' : 'FAIL'} ${a.name}`),
      );
    }
    echo.received.length = 0;
    await page.reload();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => echo?.server.close(r));
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await shot(page, `fail-${ctx.task.name.slice(0, 40)}-page`).catch(() => undefined);
    }
  });

  it('the CLI run sent every request with its inherited auth, variables and scripts, all tests green', () => {
    expect([...byCli.keys()].sort()).toEqual(['/level1', '/level2/deep-user', '/root']);
    for (const name of requests) {
      const results = cliTests.get(name) ?? [];
      expect(results.length, name).toBeGreaterThan(1);
      expect(
        results.every((r) => r.startsWith('PASS')),
        `${name}: ${results.join(', ')}`,
      ).toBe(true);
    }
  });

  it.each([
    ['Root request', ['Send equals run'], '/root'],
    ['Level 1 request', ['Send equals run', 'Level 1'], '/level1'],
    ['Level 2 request', ['Send equals run', 'Level 1', 'Level 2'], '/level2/deep-user'],
  ])(
    '“%s” sent from the UI arrives exactly as the run sent it, with the same test results',
    async (name, path, target) => {
      for (const container of path) {
        const row = pg.treeItem(new RegExp(`^${container}$`));
        if ((await row.getAttribute('aria-expanded')) !== 'true') {
          await row.click();
        }
      }
      await pg.treeItem(new RegExp(`${name}$`)).click();
      const before = echo.received.length;
      await pg.send();
      await expect.poll(() => echo.received.length).toBe(before + 1);
      const fromUi = echo.received[before] as Received;
      const fromCli = byCli.get(target) as Received;
      expect(comparable(fromUi)).toEqual(comparable(fromCli));

      await page
        .getByRole('tablist', { name: 'Response sections' })
        .getByRole('tab', { name: /^Tests/ })
        .click();
      const shown = (await page.getByTestId('test-results').locator('li').allTextContents()).map((t) =>
        t.replace(/^(PASS|FAIL|SKIP)/, '$1 '),
      );
      expect(shown).toEqual(cliTests.get(name));
      await shot(page, `14-send-equals-run-${target.split('/')[1]}`);
    },
  );
});
