import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthPage } from '../pages/auth-page';
import { EnvironmentsPage } from '../pages/environments-page';
import { PlaygroundPage } from '../pages/playground-page';
import { Api } from '../support/api';
import { launch, newContext, shot, uniqueEmail } from '../support/browser';
import { noChromium } from '../support/skip';

const baseUrl = noChromium ? '' : inject('baseUrl');

describe.skipIf(noChromium)(noChromium || 'playground end to end', () => {
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let pg: PlaygroundPage;
  let canExecute = false;

  beforeAll(async () => {
    canExecute = await new Api(baseUrl).hasRoute('POST', '/api/execute');
    browser = await launch();
    ctx = await newContext(browser, baseUrl);
    page = await ctx.newPage();
    pg = new PlaygroundPage(page);
    await shotSignIn(page);
    await new AuthPage(page).signUp(uniqueEmail('owner'), 'Olivia Owner');
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await shot(page, `fail-${ctx.task.name.slice(0, 40)}-page`).catch(() => undefined);
    }
  });

  it('creates a collection and a request, sends it to the built-in echo and shows 200 with the echoed body', async (t) => {
    await pg.createCollection('Echo tests');
    await pg.newRequestIn('Echo tests', 'Echo post');
    await pg.setMethod('POST');
    await pg.setUrl(`${baseUrl}/echo/anything?source=e2e`);
    await pg.setRawJsonBody('{"hello":"world"}');
    // Params table follows the URL.
    await pg.openSection('Params');
    expect(await page.getByLabel('Query params key 1').inputValue()).toBe('source');
    // Unsaved marker, then save.
    await expect.poll(() => page.getByTestId('unsaved-marker').count()).toBe(1);
    await page.keyboard.press('ControlOrMeta+s');
    await expect.poll(() => page.getByTestId('unsaved-marker').count()).toBe(0);
    await shot(page, '02-request-editor');
    if (!canExecute) {
      t.skip('POST /api/execute is not on the server yet');
    }
    await pg.send();
    await expect.poll(() => pg.responseStatus()).toContain('200');
    const body = await pg.responseBody();
    expect(body).toContain('hello');
    expect(body).toContain('world');
    expect(body).toContain('POST');
    await shot(page, '03-response');
  });

  it('keeps saved versions and restores one', async () => {
    await pg.setUrl(`${baseUrl}/echo/second-version`);
    await page.keyboard.press('ControlOrMeta+s');
    await expect.poll(() => page.getByTestId('unsaved-marker').count()).toBe(0);
    await pg.openSection('Versions');
    const versions = page.getByRole('table', { name: 'Saved versions' });
    await versions.waitFor();
    await expect.poll(() => versions.textContent()).toContain('/echo/anything?source=e2e');
    const row = versions.getByRole('row').filter({ hasText: '/echo/anything?source=e2e' }).first();
    await row.getByRole('button', { name: 'Restore' }).click();
    await page
      .getByRole('dialog', { name: 'Restore this version?' })
      .getByRole('button', { name: 'Restore' })
      .click();
    await expect.poll(() => pg.urlText()).toBe(`${baseUrl}/echo/anything?source=e2e`);
    expect(await page.getByTestId('unsaved-marker').count()).toBe(0);
  });

  it('keeps the draft across a reload', async () => {
    await page.getByRole('button', { name: 'New request tab' }).click();
    await pg.setUrl(`${baseUrl}/echo/draft-survives`);
    await page.waitForTimeout(300);
    await page.reload();
    await expect.poll(() => pg.urlText()).toBe(`${baseUrl}/echo/draft-survives`);
  });

  it('substitutes environment variables', async (t) => {
    const env = new EnvironmentsPage(page);
    await env.open();
    await env.create('E2E vars', [
      { key: 'baseUrl', value: baseUrl },
      { key: 'token', value: 's3cret-value', secret: true },
      { key: 'plain', value: 'visible-value' },
    ]);
    await shot(page, '04-environments');
    // Secret is masked until revealed.
    expect(await page.getByLabel('Variable value 2').getAttribute('type')).toBe('password');
    await page.getByRole('link', { name: 'Requests' }).click();
    await pg.chooseEnvironment('E2E vars');
    await page.getByRole('button', { name: 'New request tab' }).click();
    await pg.setUrl('{{baseUrl}}/echo/env-check?who={{token}}&p={{plain}}&u={{unknownVar}}');
    // Known variables are highlighted, unknown ones flagged.
    await expect.poll(() => page.locator('[data-testid="url-editor"] .cm-var').count()).toBe(3);
    expect(await page.locator('[data-testid="url-editor"] .cm-var-missing').count()).toBe(1);
    await pg.setUrl('{{baseUrl}}/echo/env-check?who={{token}}&p={{plain}}');
    expect(await page.locator('[data-testid="url-editor"] .cm-var-missing').count()).toBe(0);
    if (!canExecute) {
      t.skip('POST /api/execute is not on the server yet');
    }
    await pg.send();
    await expect.poll(() => pg.responseStatus()).toContain('200');
    const body = await pg.responseBody();
    expect(body).toContain('env-check');
    expect(body).toContain('visible-value');
    // The secret was substituted (the server masks secret values in what it shows back).
    expect(body).not.toContain('{{token}}');
  });

  it('returns to sign-in when the session is lost, keeping unsaved drafts', async () => {
    await page.getByRole('button', { name: 'New request tab' }).click();
    await pg.setUrl(`${baseUrl}/echo/unsaved-work`);
    const email = await page.evaluate(
      () => JSON.parse(localStorage.getItem('apiplay.auth') ?? '{}').state.user.email,
    );
    // No token is reachable from a script on the page: none in localStorage, the refresh cookie is HttpOnly.
    const visible = await page.evaluate(() => `${JSON.stringify({ ...localStorage })} ${document.cookie}`);
    expect(visible).not.toMatch(/eyJ|rt_|apiplay_refresh/);
    // A reload restores the session from the refresh cookie.
    await page.reload();
    await expect.poll(() => pg.urlText()).toBe(`${baseUrl}/echo/unsaved-work`);
    expect(page.url()).not.toMatch(/\/signin/);
    // The refresh cookie becomes invalid (as after a revoked refresh family): the reload cannot restore it.
    const { hostname } = new URL(page.url());
    await page
      .context()
      .addCookies([
        { name: 'apiplay_refresh', value: 'rt_revoked', domain: hostname, path: '/api/auth', httpOnly: true },
      ]);
    await page.reload();
    await page.waitForURL(/\/signin/);
    await page.getByText('Your session expired').waitFor();
    await new AuthPage(page).signIn(email);
    await expect.poll(() => pg.urlText()).toBe(`${baseUrl}/echo/unsaved-work`);
    expect(await page.getByRole('tab', { name: /\(unsaved\)/ }).count()).toBeGreaterThan(0);
  });

  it('lists keyboard shortcuts in the help dialog', async () => {
    await page.locator('body').click({ position: { x: 700, y: 5 } });
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await shot(page, '09-shortcuts');
    await page.keyboard.press('Escape');
  });
});

async function shotSignIn(page: Page) {
  await page.goto('/signin');
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await shot(page, '01-sign-in');
}
