import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const outputDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'output');

/** Launch Debian's Chromium headless (no sandbox: containers); `extraArgs` e.g. `--host-resolver-rules=…`. */
export function launch(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', ...extraArgs],
  });
}

export async function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL, viewport: { width: 1400, height: 880 } });
  ctx.setDefaultTimeout(20_000);
  return ctx;
}

/** Screenshot of the current page under e2e/output (git-ignored). */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(outputDir, { recursive: true });
  await page.screenshot({ path: join(outputDir, `${name}.png`) });
}

let counter = 0;
/** A unique email per test run. */
export function uniqueEmail(prefix: string): string {
  counter++;
  return `${prefix}-${Date.now().toString(36)}-${counter}@example.com`;
}
