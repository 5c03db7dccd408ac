import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthPage } from '../pages/auth-page';
import { PlaygroundPage } from '../pages/playground-page';
import { Api } from '../support/api';
import { launch, newContext, shot, uniqueEmail } from '../support/browser';
import { noChromium } from '../support/skip';

// What the server can do, reached from the UI: runs (open, download a report, re-run, cancel, filter), the history
// page (filter, entry, delete, retention), collection documentation (sanitized), folder duplicate, every export.

const baseUrl = noChromium ? '' : inject('baseUrl');

describe.skipIf(noChromium)(noChromium || 'runs, history, documentation and exports from the UI', () => {
  let browser: Browser;
  let page: Page;
  let pg: PlaygroundPage;
  let api: Api;
  let wid = '';
  let quickId = '';
  let slowId = '';

  beforeAll(async () => {
    const email = uniqueEmail('reach');
    api = new Api(baseUrl);
    await api.register(email, 'Rita Reach');
    wid = (await api.call<{ items: { id: string }[] }>('GET', '/api/workspaces')).items[0]?.id ?? '';
    const make = async (name: string, items: object[]) =>
      (await api.call<{ id: string }>('POST', `/api/workspaces/${wid}/collections`, { name, items })).id;
    quickId = await make('Quick shop', [
      {
        type: 'folder',
        id: 'f',
        name: 'Products',
        items: [
          {
            type: 'request',
            id: 'q',
            name: 'List',
            url: `${baseUrl}/echo/quick`,
            scripts: { preRequest: '', test: 'pm.test("is 200", () => pm.response.to.have.status(200));' },
          },
        ],
      },
    ]);
    slowId = await make('Slow shop', [
      { type: 'request', id: 'a', name: 'first', url: `${baseUrl}/echo/first` },
      { type: 'request', id: 'b', name: 'slow', url: `${baseUrl}/echo/delay/10000` },
      { type: 'request', id: 'c', name: 'never', url: `${baseUrl}/echo/never` },
    ]);
    browser = await launch();
    page = await (await newContext(browser, baseUrl)).newPage();
    pg = new PlaygroundPage(page);
    await new AuthPage(page).signIn(email);
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await shot(page, `fail-reach-${ctx.task.name.slice(0, 40)}`).catch(() => undefined);
    }
  });

  it('runs a collection, opens the run, downloads its JUnit report and re-runs it', async () => {
    await page.goto(`/w/${wid}/runner?collection=${quickId}`);
    await page.getByRole('button', { name: /Run collection/ }).click();
    await expect
      .poll(() => page.getByTestId('run-status').first().textContent(), { timeout: 30_000 })
      .toContain('Passed');
    await page.getByRole('link', { name: 'Open run' }).click();
    await page.getByTestId('run-report-buttons').waitFor();
    const firstUrl = page.url();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'JUnit' }).click(),
    ]);
    const xml = readFileSync((await download.path()) ?? '', 'utf8');
    expect(xml).toContain('<testsuites name="Quick shop" tests="1" failures="0"');
    expect(xml).toContain('<testcase name="is 200"');
    await page.getByRole('button', { name: 'Re-run' }).click();
    await page.waitForURL((u) => u.href !== firstUrl && /\/runs\/[0-9a-f-]{36}$/.test(u.pathname));
    await expect
      .poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 })
      .toContain('Passed');
  });

  it('cancels a running run from its page; the runs list filters by status', async () => {
    const { runId } = await api.call<{ runId: string }>('POST', `/api/collections/${slowId}/runs`, {});
    await page.goto(`/w/${wid}/runs/${runId}`);
    // Running, with the first request recorded and the slow one in flight.
    await expect
      .poll(() => page.getByRole('table', { name: 'Run results' }).getByRole('row').count(), {
        timeout: 30_000,
      })
      .toBe(2);
    expect(await page.getByTestId('run-status').textContent()).toContain('Running');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page
      .getByRole('dialog', { name: 'Cancel this run?' })
      .getByRole('button', { name: 'Cancel run' })
      .click();
    await expect
      .poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 })
      .toContain('Aborted');
    // The first request recorded, the one in flight recorded as aborted, the last never sent.
    const results = page.getByRole('table', { name: 'Run results' });
    await expect.poll(() => results.getByRole('row').count(), { timeout: 10_000 }).toBe(3);
    expect(await results.textContent()).toContain('Request aborted');
    expect(await results.textContent()).not.toContain('never');
    await page.getByRole('link', { name: 'All runs' }).click();
    const runs = page.getByRole('table', { name: 'Runs' });
    await expect.poll(() => runs.getByRole('row').count(), { timeout: 10_000 }).toBe(4);
    await page.getByLabel('Status').selectOption('aborted');
    await expect.poll(() => runs.getByRole('row').count(), { timeout: 10_000 }).toBe(2);
    expect(await runs.textContent()).toContain('Slow shop');
    await shot(page, '20-runs-filtered');
  });

  it('history page: filters, shows an entry, deletes it, and keeps the retention an admin sets', async () => {
    await page.goto(`/w/${wid}/history`);
    const list = page.getByRole('list', { name: 'History entries' });
    await list.getByRole('button').first().waitFor();
    await page.getByLabel('Search URL').fill('/echo/first');
    await expect.poll(() => list.getByRole('button').count(), { timeout: 10_000 }).toBe(1);
    await list.getByRole('button').first().click();
    const entry = page.getByRole('article', { name: 'History entry' });
    expect(await entry.textContent()).toContain('/echo/first');
    await entry.getByRole('button', { name: 'Delete entry' }).click();
    await page
      .getByRole('dialog', { name: 'Delete this entry?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect.poll(() => page.getByTestId('empty-state').textContent()).toContain('Nothing matches');
    await page.getByLabel('Keep history for').fill('7');
    await page.getByTestId('history-retention').getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(
        async () =>
          (await api.call<{ retentionDays: number }>('GET', `/api/workspaces/${wid}/history/settings`))
            .retentionDays,
      )
      .toBe(7);
  });

  it('a request that got no response shows as an error in the history panel and on the history page', async () => {
    // Port 1 on loopback refuses the connection: an entry with no status.
    const unreachable = 'http://127.0.0.1:1/unreachable';
    await page.goto(`/w/${wid}`);
    await page.getByRole('button', { name: 'New request tab' }).click();
    await pg.setUrl(unreachable);
    await pg.send();
    await page.getByRole('tab', { name: 'History' }).click();
    const panelRow = page.getByRole('list', { name: 'History' }).getByRole('button', { name: /unreachable/ });
    await panelRow.first().waitFor();
    // One keystroke, one send (the URL editor's Mod-Enter and the page's shortcut once both sent).
    await page.waitForTimeout(500);
    expect(await panelRow.count()).toBe(1);
    expect(await panelRow.getAttribute('data-status-class')).toBe('error');
    // Red, not the success green: the status text's computed colour (Tailwind's oklch, read back as RGB).
    const [red = 0, green = 0] = await panelRow.getByText('ERR').evaluate((el) => {
      const ctx = document.createElement('canvas').getContext('2d');
      if (!ctx) {
        return [];
      }
      ctx.fillStyle = getComputedStyle(el).color;
      ctx.fillRect(0, 0, 1, 1);
      return [...ctx.getImageData(0, 0, 1, 1).data];
    });
    expect(red).toBeGreaterThan(green * 2);

    await page.goto(`/w/${wid}/history`);
    // The cancelled run above left another no-response entry: narrow to this one by URL as well.
    await page.getByLabel('Search URL').fill('/unreachable');
    await page.getByLabel('Status filter').selectOption('error');
    const list = page.getByRole('list', { name: 'History entries' });
    await expect.poll(() => list.getByRole('button').count(), { timeout: 10_000 }).toBe(1);
    const row = list.getByRole('button').first();
    expect(await row.getAttribute('data-status-class')).toBe('error');
    expect(await row.textContent()).toContain('ERR');
  });

  it('writes collection documentation in markdown and shows it sanitized', async () => {
    await page.goto(`/w/${wid}`);
    await pg.contextMenu('Quick shop', 'Documentation');
    const dialog = page.getByRole('dialog', { name: 'Collection settings — Quick shop' });
    await dialog.getByRole('button', { name: 'Write' }).click();
    await dialog
      .getByLabel('Collection documentation')
      .fill('# Quick shop\n\nUse **Staging**.\n\n<img src="x" onerror="window.__pwned = 1">');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await pg.contextMenu('Quick shop', 'Documentation');
    const view = page.getByTestId('markdown-view');
    await view.getByRole('heading', { name: 'Quick shop' }).waitFor();
    expect(await view.innerHTML()).not.toContain('onerror');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.keyboard.press('Escape');
  });

  it('duplicates a folder and exports the collection in every format', async () => {
    await pg.treeItem('Quick shop').click();
    await pg.contextMenu('Products', 'Duplicate');
    await pg.treeItem('Products (copy)').waitFor();
    const expected: Record<string, RegExp> = {
      'Export as Postman v2.1': /"schema": ?"https:\/\/schema\.getpostman\.com/,
      'Export as OpenAPI 3.1 (JSON)': /"openapi": ?"3\.1/,
      'Export as OpenAPI 3.1 (YAML)': /^openapi: ["']?3\.1/m,
      'Export as HAR 1.2': /"version": ?"1\.2"/,
      'Export as cURL script': /curl .*\/echo\/quick/,
    };
    for (const [action, pattern] of Object.entries(expected)) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        pg.contextMenu('Quick shop', action),
      ]);
      expect(readFileSync((await download.path()) ?? '', 'utf8'), action).toMatch(pattern);
    }
  });
});
