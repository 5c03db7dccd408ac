import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_ADMIN_EMAIL } from '../global-setup';
import { AdminPage } from '../pages/admin-page';
import { AuthPage } from '../pages/auth-page';
import { seriousViolations } from '../support/axe';
import { launch, newContext, shot, uniqueEmail } from '../support/browser';
import { noChromium } from '../support/skip';

const baseUrl = noChromium ? '' : inject('baseUrl');

/** Runs fetch in the page with a fresh access token from its refresh cookie (the app keeps it in memory only). */
async function apiFromPage(page: Page, method: string, path: string, body?: unknown, key?: string) {
  return page.evaluate(
    async ({ method, path, body, key }) => {
      let bearer = key;
      if (bearer === undefined) {
        const refreshed = await fetch('/api/auth/refresh', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-refresh-cookie': '1' },
          body: '{}',
        });
        if (!refreshed.ok) {
          return { status: refreshed.status, body: await refreshed.text() };
        }
        bearer = ((await refreshed.json()) as { accessToken: string }).accessToken;
      }
      const res = await fetch(path, {
        method,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.text() };
    },
    { method, path, body, key },
  );
}

describe.skipIf(noChromium)(noChromium || 'admin panel and scoped API keys', () => {
  let browser: Browser;
  let admin: Page;
  let member: Page;
  const memberEmail = uniqueEmail('member');

  beforeAll(async () => {
    browser = await launch();
    admin = await (await newContext(browser, baseUrl)).newPage();
    member = await (await newContext(browser, baseUrl)).newPage();
    await new AuthPage(admin).signUp(E2E_ADMIN_EMAIL, 'Ada Admin');
    await new AuthPage(member).signUp(memberEmail, 'Mo Member');
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await shot(admin, `fail-admin-${ctx.task.name.slice(0, 40)}`).catch(() => undefined);
    }
  });

  it('an admin disables a user: their session ends; enabling lets them sign in again', async () => {
    const panel = new AdminPage(admin);
    await panel.open();
    const row = await panel.findUser(memberEmail);
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('disabled').waitFor();
    await shot(admin, '30-admin-users');
    expect(await seriousViolations(admin)).toEqual([]);
    expect((await apiFromPage(member, 'GET', '/api/auth/me')).status).toBe(401);
    await row.getByRole('button', { name: 'Enable' }).click();
    await row.getByText('active').waitFor();
    await new AuthPage(member).signIn(memberEmail);
    expect((await apiFromPage(member, 'GET', '/api/auth/me')).status).toBe(200);
  });

  it('settings reach the public sign-up page; the audit log shows what happened and its chain checks out', async () => {
    const panel = new AdminPage(admin);
    await panel.tab('Settings');
    await admin.getByLabel('Who may sign up').selectOption('invite-only');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText('set here').first().waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    const visitor = await (await newContext(browser, baseUrl)).newPage();
    await visitor.goto('/signup');
    await visitor.getByText('Sign-up on this instance is by invitation').waitFor();
    await visitor.close();
    await admin.getByRole('button', { name: 'Reset to environment defaults' }).click();

    await panel.tab('Audit log');
    await admin.getByLabel('Action (or prefix, e.g. auth.)').fill('auth.');
    await admin.getByRole('button', { name: 'Filter' }).click();
    const events = admin.getByRole('table', { name: 'Audit events' });
    await events.getByText('auth.account_disabled').waitFor();
    await events.getByText('auth.account_enabled').waitFor();
    await admin.getByRole('button', { name: 'Verify hash chain' }).click();
    await admin.getByText(/Audit chain intact/).waitFor();
    await shot(admin, '31-admin-audit');
    expect(await seriousViolations(admin)).toEqual([]);
  });

  it('a read-only API key made on the API keys page reads but cannot write, naming the scope', async () => {
    await member.goto('/');
    await member.waitForURL(/\/w\//);
    await member.getByRole('link', { name: 'API keys' }).click();
    await member.getByLabel('Key name').fill('read only');
    for (const scope of ['write', 'execute']) {
      await member.getByRole('checkbox', { name: scope, exact: true }).uncheck();
    }
    await member.getByRole('button', { name: 'Create key' }).click();
    const key = (await member.getByTestId('new-api-key').textContent()) ?? '';
    expect(key).toMatch(/^apk_/);
    await member.getByRole('table', { name: 'API keys' }).getByText('read', { exact: true }).waitFor();
    expect((await apiFromPage(member, 'GET', '/api/workspaces', undefined, key)).status).toBe(200);
    const write = await apiFromPage(member, 'POST', '/api/workspaces', { name: 'nope' }, key);
    expect(write.status).toBe(403);
    expect(write.body).toContain("lacks the 'write' scope");
    await shot(member, '32-api-key-scopes');
  });
});
