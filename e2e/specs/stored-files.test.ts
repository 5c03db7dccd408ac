import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthPage } from '../pages/auth-page';
import { PlaygroundPage } from '../pages/playground-page';
import { launch, newContext, shot, uniqueEmail } from '../support/browser';
import { noChromium } from '../support/skip';

const baseUrl = noChromium ? '' : inject('baseUrl');

describe.skipIf(noChromium)(noChromium || 'files stored with saved requests', () => {
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let pg: PlaygroundPage;

  beforeAll(async () => {
    browser = await launch();
    ctx = await newContext(browser, baseUrl);
    page = await ctx.newPage();
    pg = new PlaygroundPage(page);
    await new AuthPage(page).signUp(uniqueEmail('files'), 'Fiona Files');
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async (t) => {
    if (t.task.result?.state === 'fail') {
      await shot(page, `fail-${t.task.name.slice(0, 40)}-page`).catch(() => undefined);
    }
  });

  it('attaches a file to a saved request, keeps it across a reload and sends it from the server', async () => {
    await pg.createCollection('Uploads');
    await pg.newRequestIn('Uploads', 'Put file');
    await pg.setMethod('PUT');
    await pg.setUrl(`${baseUrl}/echo/upload`);
    await pg.openSection('Body');
    await page.getByRole('radio', { name: 'Binary file' }).check();
    await page.getByLabel('Binary body file').setInputFiles({
      name: 'numbers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('n\n1\n2\n3\n'),
    });
    const label = page.getByRole('status').filter({ hasText: 'numbers.csv' });
    await expect.poll(() => label.textContent()).toBe('numbers.csv · 8 B · stored');
    await page.keyboard.press('ControlOrMeta+s');
    await expect.poll(() => page.getByTestId('unsaved-marker').count()).toBe(0);
    await shot(page, 'stored-file-attached');

    // The file is the saved request's, not this page's memory: a reload still shows it and sends it.
    await page.reload();
    await pg.openSection('Body');
    await expect.poll(() => label.textContent()).toBe('numbers.csv · 8 B · stored');
    await pg.send();
    await expect.poll(() => pg.responseStatus()).toContain('200');
    const body = await pg.responseBody();
    expect(body).toMatch(/"size":\s*8/);
    expect(body).toContain('n\\n1\\n2\\n3\\n');
  });

  it('lists the stored file in Settings; deleting it makes the request say so', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const table = page.getByRole('table', { name: 'Stored files' });
    await expect.poll(() => table.textContent()).toContain('numbers.csv');
    await shot(page, 'stored-files-settings');
    await table.getByRole('button', { name: 'Delete numbers.csv' }).click();
    await page
      .getByRole('dialog', { name: 'Delete numbers.csv?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect.poll(() => page.getByText('No stored files.').count()).toBe(1);
    await page.getByRole('link', { name: 'Requests' }).click();
    await pg.openSection('Body');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'not found' }).textContent())
      .toBe('Stored file not found in this workspace: attach it again');
  });
});
