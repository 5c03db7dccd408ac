import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthPage } from '../pages/auth-page';
import { Api } from '../support/api';
import { launch, newContext, shot, uniqueEmail } from '../support/browser';
import { noChromium } from '../support/skip';

const baseUrl = noChromium ? '' : inject('baseUrl');

/**
 * Issue 15 item 2: a team serving the app over plain HTTP on a LAN name (no TLS in front) gets a working app, not a
 * blank page. Chromium resolves `apiplay.test` to the loopback server, so the origin is an ordinary insecure
 * http:// origin (localhost and 127.0.0.1 are special-cased as trustworthy and would hide the bug).
 */
describe.skipIf(noChromium)(noChromium || 'plain HTTP on a non-localhost hostname', () => {
  let browser: Browser;
  const lanUrl = (() => {
    if (!baseUrl) {
      return '';
    }
    const u = new URL(baseUrl);
    u.hostname = 'apiplay.test';
    return u.origin;
  })();

  beforeAll(async () => {
    const loopback = new URL(baseUrl).hostname;
    browser = await launch([`--host-resolver-rules=MAP apiplay.test ${loopback}`]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('loads every asset over http and signs in through the UI', async () => {
    const email = uniqueEmail('lan');
    await new Api(baseUrl).register(email, 'Lan User');

    const ctx = await newContext(browser, lanUrl);
    const page = await ctx.newPage();
    const requested: string[] = [];
    const failed: string[] = [];
    page.on('request', (r) => {
      requested.push(r.url());
    });
    page.on('requestfailed', (r) => {
      failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`);
    });
    try {
      const doc = await page.goto('/signin');
      const headers = (await doc?.allHeaders()) ?? {};
      // the sign-in screen rendered (its lazily loaded chunk arrived) before signIn navigates again
      await page.getByRole('button', { name: 'Sign in' }).waitFor();

      await new AuthPage(page).signIn(email);
      // signed in: the app routes to the user's workspace, still on the LAN name over http
      await page.waitForURL(/\/w\//);
      expect(new URL(page.url()).origin).toBe(lanUrl);
      await page.getByRole('link', { name: 'Requests' }).waitFor();
      // Styles applied (a blank page is what an upgraded stylesheet/script request leaves behind).
      const sheets = await page.evaluate(() => document.styleSheets.length);
      expect(sheets).toBeGreaterThan(0);
      await shot(page, 'plain-http-signed-in');

      expect(requested.filter((u) => u.startsWith('https:'))).toEqual([]);
      expect(requested.some((u) => u.startsWith(`${lanUrl}/assets/`))).toBe(true);
      expect(failed, failed.join('\n')).toEqual([]);
      expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(headers['strict-transport-security']).toBeUndefined();
    } finally {
      await ctx.close();
    }
  });
});
