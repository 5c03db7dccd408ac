import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthPage, PASSWORD } from '../pages/auth-page';
import { PlaygroundPage } from '../pages/playground-page';
import { RunnerPage } from '../pages/runner-page';
import { Api } from '../support/api';
import { launch, newContext, shot, uniqueEmail } from '../support/browser';
import { noChromium } from '../support/skip';

const baseUrl = noChromium ? '' : inject('baseUrl');
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'cli', 'bin', 'apiplay.js');

/** A site the browser may not fetch from (the app's CSP), serving a Postman collection. */
function startSite(): Promise<{ server: Server; url: string }> {
  const collection = JSON.stringify({
    info: {
      name: 'From a URL',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: [{ name: 'Remote one', request: { method: 'GET', url: 'https://example.com/one' } }],
  });
  const server = createServer((req, res) => {
    if (req.url === '/shared.postman_collection.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(collection);
      return;
    }
    res.writeHead(404);
    res.end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

/**
 * A new user's first hour (issue 14): the sample collection green from Send with no environment and from the
 * Runner with its defaults; the chosen environment survives a reload and is the Runner's default; an undefined
 * variable is named before sending; "Import from URL" works for a site the page itself cannot fetch.
 */
describe.skipIf(noChromium)(noChromium || 'the first hour of a new user', () => {
  let browser: Browser;
  let page: Page;
  let pg: PlaygroundPage;
  let site: Awaited<ReturnType<typeof startSite>>;
  const email = uniqueEmail('newcomer');

  beforeAll(async () => {
    site = await startSite();
    browser = await launch();
    page = await (await newContext(browser, baseUrl)).newPage();
    pg = new PlaygroundPage(page);
    await new AuthPage(page).signUp(email, 'Nina Newcomer');
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => site?.server.close(r));
  });

  /** The Runner's environment select (the header has "Active environment"). */
  const runEnvironment = () => page.getByRole('combobox', { name: 'Environment', exact: true });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await shot(page, `fail-${ctx.task.name.slice(0, 40)}-page`).catch(() => undefined);
    }
  });

  it('sends every sample request green with no environment chosen', async () => {
    expect(await page.getByLabel('Active environment').inputValue()).toBe('');
    await pg.treeItem('Getting started').click();
    for (const folder of ['Basics', 'Auth']) {
      await pg.treeItem(new RegExp(`^${folder}$`)).click();
    }
    for (const name of ['GET with query', 'POST JSON', 'Not found', 'Basic auth', 'Bearer token']) {
      await pg.treeItem(new RegExp(`${name}$`)).click();
      expect(await page.getByTestId('unresolved-variables').count(), name).toBe(0);
      await pg.send();
      await page
        .getByRole('tablist', { name: 'Response sections' })
        .getByRole('tab', { name: /^Tests/ })
        .click();
      const results = page.getByTestId('test-results').locator('li');
      await results.first().waitFor();
      const texts = await results.allTextContents();
      expect(texts.length, name).toBeGreaterThan(0);
      expect(
        texts.every((t) => t.startsWith('PASS')),
        `${name}: ${texts.join(' | ')}`,
      ).toBe(true);
    }
    await shot(page, '14-first-hour-send');
  });

  it('runs the sample green from the Runner with its defaults', async () => {
    const runner = new RunnerPage(page);
    await runner.open();
    expect(await runEnvironment().inputValue()).toBe('');
    await page.getByRole('button', { name: 'Run collection' }).click();
    await expect.poll(() => runner.status(), { timeout: 30_000 }).toBe('Passed');
    expect(await page.getByTestId('run-summary').textContent()).toContain('0 failed');
    await shot(page, '14-first-hour-runner');
  });

  it('runs the sample green with `apiplay run --server` too (the built-in name reaches that server)', async () => {
    const api = new Api(baseUrl);
    api.token = (
      await api.call<{ accessToken: string }>('POST', '/api/auth/login', { email, password: PASSWORD })
    ).accessToken;
    const wid = (await api.call<{ items: { id: string }[] }>('GET', '/api/workspaces')).items[0]?.id ?? '';
    const sample = (
      await api.call<{ items: { id: string; name: string }[] }>('GET', `/api/workspaces/${wid}/collections`)
    ).items.find((c) => c.name === 'Getting started');
    const key = await api.call<{ key: string }>('POST', '/api/api-keys', { name: 'first hour' });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cli, 'run', '--server', baseUrl, '--api-key', key.key, '--collection', sample?.id ?? '', '--no-color'],
      { timeout: 60_000 },
    );
    // Exit code 0 (execFile rejects otherwise): every request and assertion passed.
    expect(stdout).toContain('Getting started');
  });

  it('keeps the chosen environment across a reload, and the Runner defaults to it', async () => {
    await page.getByRole('link', { name: 'Requests' }).click();
    await pg.chooseEnvironment('Local');
    const localId = await page.getByLabel('Active environment').inputValue();
    expect(localId).not.toBe('');
    await page.reload();
    await expect.poll(() => page.getByLabel('Active environment').inputValue()).toBe(localId);
    await new RunnerPage(page).open();
    await expect.poll(() => runEnvironment().inputValue()).toBe(localId);
  });

  it('names an undefined variable before sending, and the error names it as written', async () => {
    await page.getByRole('link', { name: 'Requests' }).click();
    await pg.newRequestIn('Getting started', 'Typo');
    await pg.setUrl('{{baseURL}}/echo/get');
    const notice = page.getByTestId('unresolved-variables');
    await expect.poll(() => notice.textContent()).toContain('{{baseURL}}');
    await pg.send();
    await expect.poll(() => pg.responseStatus()).toContain('UNRESOLVED_VARIABLE');
    expect(await pg.responseStatus()).toContain('{{baseURL}}');
    expect(await pg.responseStatus()).not.toContain('ENOTFOUND');
    await shot(page, '14-first-hour-unresolved');
  });

  it('imports from a URL the page itself may not fetch (the server fetches it)', async () => {
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import' });
    await dialog.getByLabel('Or a URL').fill(`${site.url}/shared.postman_collection.json`);
    await dialog.getByRole('button', { name: 'Fetch' }).click();
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('“From a URL” — 1 request');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await pg.treeItem('From a URL').waitFor();
    await dialog.waitFor({ state: 'hidden' });

    // A refused or failing URL is explained in the dialog, naming the URL field.
    await page.getByRole('button', { name: 'Import' }).click();
    await dialog.getByLabel('Or a URL').fill(`${site.url}/missing.json`);
    await dialog.getByRole('button', { name: 'Fetch' }).click();
    await expect.poll(() => page.getByTestId('import-url-error').textContent()).toMatch(/^url: .*404/);
  });
});
