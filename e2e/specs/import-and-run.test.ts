import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthPage } from '../pages/auth-page';
import { PlaygroundPage } from '../pages/playground-page';
import { RunnerPage } from '../pages/runner-page';
import { Api } from '../support/api';
import { launch, newContext, shot, uniqueEmail } from '../support/browser';
import { noChromium } from '../support/skip';

const baseUrl = noChromium ? '' : inject('baseUrl');

/** A Postman v2.1 collection against the built-in echo, with tests (one deliberately failing). */
function postmanCollection(base: string) {
  const test = (lines: string[]) => [{ listen: 'test', script: { type: 'text/javascript', exec: lines } }];
  return {
    info: {
      name: 'Echo suite',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: [
      {
        name: 'Basics',
        item: [
          {
            name: 'Get echo',
            request: { method: 'GET', url: `${base}/echo/get?x=1` },
            event: test(["pm.test('status 200', () => pm.response.to.have.status(200));"]),
          },
          {
            name: 'Post echo',
            request: {
              method: 'POST',
              url: `${base}/echo/post`,
              header: [{ key: 'Content-Type', value: 'application/json' }],
              body: { mode: 'raw', raw: '{"a":1}' },
            },
            event: test([
              "pm.test('status 200', () => pm.response.to.have.status(200));",
              "pm.test('method echoed', () => pm.expect(pm.response.text()).to.include('POST'));",
            ]),
          },
        ],
      },
      {
        name: 'Teapot',
        request: { method: 'GET', url: `${base}/echo/status/418` },
        event: test(["pm.test('expects 200 (fails on purpose)', () => pm.response.to.have.status(200));"]),
      },
    ],
  };
}

describe.skipIf(noChromium)(noChromium || 'import a Postman file and run it', () => {
  let browser: Browser;
  let page: Page;
  let pg: PlaygroundPage;
  let file: string;
  const routes = { import: false, runs: false };

  beforeAll(async () => {
    const api = new Api(baseUrl);
    routes.import = await api.hasRoute('POST', '/api/workspaces/00000000-0000-4000-8000-000000000000/import');
    routes.runs = await api.hasRoute('POST', '/api/collections/00000000-0000-4000-8000-000000000000/runs');
    const dir = mkdtempSync(join(tmpdir(), 'apiplay-e2e-import-'));
    file = join(dir, 'echo-suite.postman_collection.json');
    writeFileSync(file, JSON.stringify(postmanCollection(baseUrl), null, 2));
    browser = await launch();
    const ctx = await newContext(browser, baseUrl);
    page = await ctx.newPage();
    pg = new PlaygroundPage(page);
    await new AuthPage(page).signUp(uniqueEmail('importer'), 'Ivan Importer');
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await shot(page, `fail-${ctx.task.name.slice(0, 40)}-page`).catch(() => undefined);
    }
  });

  it('previews a Postman file and imports it into the tree', async (t) => {
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import' });
    await dialog.locator('input[type="file"]').first().setInputFiles(file);
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('Postman v2.1: “Echo suite” — 3 requests, 1 folder');
    await shot(page, '05-import-preview');
    if (!routes.import) {
      t.skip('POST /api/workspaces/:id/import is not on the server yet');
    }
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await pg.treeItem('Echo suite').waitFor();
    await pg.treeItem('Basics').click();
    await pg.treeItem(/Post echo$/).waitFor();
    // The filter narrows the tree as you type.
    await page.getByLabel('Filter requests').fill('teapot');
    await expect.poll(() => pg.tree.getByRole('treeitem').count()).toBe(2);
    await page.getByLabel('Filter requests').fill('');
    await shot(page, '06-imported-tree');
  });

  it('moves a request into a folder by drag and drop', async (t) => {
    if (!routes.import) {
      t.skip('nothing imported to move');
    }
    const teapot = pg.treeItem(/Teapot$/);
    expect(await teapot.getAttribute('aria-level')).toBe('2');
    await teapot.dragTo(pg.treeItem('Basics'));
    await expect.poll(() => pg.treeItem(/Teapot$/).getAttribute('aria-level')).toBe('3');
    // The move was saved: it survives a reload.
    await page.reload();
    await expect.poll(() => pg.treeItem(/Teapot$/).getAttribute('aria-level')).toBe('3');
  });

  it('runs the collection with live progress and shows test results', async (t) => {
    if (!routes.import || !routes.runs) {
      t.skip('import or runs routes are not on the server yet');
    }
    const runner = new RunnerPage(page);
    await runner.open();
    await runner.run('Echo suite', 2);
    await expect.poll(() => runner.status(), { timeout: 60_000 }).not.toBe('Running');
    // One request fails on purpose, so the run as a whole fails (not aborted).
    expect(await runner.status()).toBe('Failed');
    expect(await runner.progress()).toBe(100);
    const table = page.getByRole('table', { name: 'Run results' });
    expect(await table.getByRole('row').count()).toBe(1 + 6);
    expect(await table.textContent()).toContain('expects 200 (fails on purpose)');
    expect(await page.getByTestId('run-summary').textContent()).toContain('6/8 assertions passed');
    await page.getByRole('img', { name: /Latency per request/ }).waitFor();
    await shot(page, '07-runner');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'JUnit' }).click();
    expect((await download).suggestedFilename()).toBe('Echo-suite.junit.xml');
  });
});
