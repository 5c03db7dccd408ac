import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthPage } from '../pages/auth-page';
import { PlaygroundPage } from '../pages/playground-page';
import { launch, newContext, shot, uniqueEmail } from '../support/browser';
import { noChromium } from '../support/skip';

const baseUrl = noChromium ? '' : inject('baseUrl');

describe.skipIf(noChromium)(noChromium || 'settings, API keys, code, history and dark theme', () => {
  let browser: Browser;
  let page: Page;
  let pg: PlaygroundPage;

  beforeAll(async () => {
    browser = await launch();
    page = await (await newContext(browser, baseUrl)).newPage();
    pg = new PlaygroundPage(page);
    await new AuthPage(page).signUp(uniqueEmail('settings'), 'Sam Settings');
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await shot(page, `fail-${ctx.task.name.slice(0, 40)}`).catch(() => undefined);
    }
  });

  it('creates an API key shown once, and lists it', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Key name').fill('CI');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = await page.getByTestId('new-api-key').textContent();
    expect(key).toMatch(/^apk_/);
    const table = page.getByRole('table', { name: 'API keys' });
    await expect.poll(() => table.textContent()).toContain('CI');
    await shot(page, '12-settings-api-keys');
  });

  it('switches to the dark theme and keeps it after a reload', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Theme').selectOption('dark');
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await page.reload();
    await page.getByLabel('Theme').waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
  });

  it('generates code for the request in the targets the server offers', async () => {
    await page.getByRole('link', { name: 'Requests' }).click();
    await page.getByRole('button', { name: 'New request tab' }).click();
    await pg.setUrl(`${baseUrl}/echo/code?x=1`);
    await pg.openSection('Code');
    const target = page.getByLabel('Code target');
    await expect.poll(async () => (await target.locator('option').count()) >= 15).toBe(true);
    const code = page.locator('[data-testid="editor-Generated code"] .cm-content');
    await expect.poll(() => code.textContent()).toContain('/echo/code?x=1');
    await shot(page, '13-code-panel-dark');
  });

  it('lists sent requests in the history and reopens one as a tab', async () => {
    await pg.send();
    await expect.poll(() => pg.responseStatus()).toContain('200');
    await page.getByRole('tab', { name: 'History' }).click();
    const entry = page.getByRole('list', { name: 'History' }).getByRole('button').first();
    await entry.waitFor();
    expect(await entry.textContent()).toContain('/echo/code?x=1');
    const tabsBefore = await page.getByTestId('request-tab').count();
    await entry.click();
    await expect.poll(() => page.getByTestId('request-tab').count()).toBe(tabsBefore + 1);
    await shot(page, '14-history-dark');
  });
});
