import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthPage } from '../pages/auth-page';
import { PlaygroundPage } from '../pages/playground-page';
import { Api } from '../support/api';
import { seriousViolations } from '../support/axe';
import { launch, newContext, shot, uniqueEmail } from '../support/browser';
import { noChromium } from '../support/skip';

// Every screen of the app, in the light and the dark theme: a screenshot of each (e2e/output/page-<theme>-<name>.png,
// looked at by a person) and an axe-core check that finds no serious or critical accessibility violation.

const baseUrl = noChromium ? '' : inject('baseUrl');
const themes = ['light', 'dark'] as const;

interface Screen {
  name: string;
  /** Path under the workspace (`/w/:id`), or an absolute path when it starts with `!`. */
  path: (ids: Ids) => string;
  ready: (page: Page) => Promise<unknown>;
}

interface Ids {
  wid: string;
  runId: string;
}

const screens: Screen[] = [
  {
    name: 'requests',
    path: ({ wid }) => `/w/${wid}`,
    ready: (p) => p.getByRole('treeitem', { name: 'A11y shop' }).waitFor(),
  },
  {
    name: 'request-and-response',
    path: ({ wid }) => `/w/${wid}`,
    ready: async (p) => {
      const pg = new PlaygroundPage(p);
      await p.getByRole('button', { name: 'New request tab' }).click();
      await pg.setUrl(`${baseUrl}/echo/a11y?check=1`);
      await pg.send();
      await pg.responseBody();
    },
  },
  {
    name: 'documentation',
    path: ({ wid }) => `/w/${wid}`,
    ready: async (p) => {
      await new PlaygroundPage(p).contextMenu('A11y shop', 'Documentation');
      await p.getByTestId('markdown-view').waitFor();
    },
  },
  {
    name: 'environments',
    path: ({ wid }) => `/w/${wid}/environments`,
    ready: (p) => p.getByRole('button', { name: 'Staging', exact: true }).waitFor(),
  },
  {
    name: 'runner',
    path: ({ wid }) => `/w/${wid}/runner`,
    ready: (p) => p.getByRole('button', { name: /Run collection/ }).waitFor(),
  },
  {
    name: 'load',
    path: ({ wid }) => `/w/${wid}/load`,
    ready: (p) => p.getByRole('region', { name: 'Load test options' }).waitFor(),
  },
  {
    name: 'runs',
    path: ({ wid }) => `/w/${wid}/runs`,
    ready: (p) =>
      p.getByRole('table', { name: 'Runs' }).getByRole('link', { name: 'A11y shop' }).first().waitFor(),
  },
  {
    name: 'run-detail',
    path: ({ wid, runId }) => `/w/${wid}/runs/${runId}`,
    ready: (p) => p.getByTestId('run-report-buttons').waitFor(),
  },
  {
    name: 'history',
    path: ({ wid }) => `/w/${wid}/history`,
    ready: async (p) => {
      await p.getByRole('list', { name: 'History entries' }).getByRole('button').first().click();
      await p.getByRole('article', { name: 'History entry' }).waitFor();
    },
  },
  {
    name: 'members',
    path: ({ wid }) => `/w/${wid}/members`,
    ready: (p) => p.getByRole('table', { name: 'Members' }).getByText('Ada A11y').waitFor(),
  },
  {
    name: 'api-keys',
    path: ({ wid }) => `/w/${wid}/api-keys`,
    ready: (p) => p.getByRole('table', { name: 'API keys' }).getByText('CI').waitFor(),
  },
  {
    name: 'settings',
    path: ({ wid }) => `/w/${wid}/settings`,
    ready: (p) => p.getByLabel('Theme').waitFor(),
  },
  {
    name: 'shortcuts',
    path: ({ wid }) => `/w/${wid}`,
    ready: async (p) => {
      await p.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await p.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    },
  },
];

async function setTheme(page: Page, theme: (typeof themes)[number]): Promise<void> {
  await page.evaluate((t) => {
    const key = 'apiplay.settings';
    const saved = JSON.parse(localStorage.getItem(key) ?? '{"state":{},"version":1}');
    saved.state = { ...saved.state, theme: t };
    localStorage.setItem(key, JSON.stringify(saved));
  }, theme);
}

describe.skipIf(noChromium)(noChromium || 'every page in both themes: screenshots and axe-core', () => {
  let browser: Browser;
  let page: Page;
  let anonymous: Page;
  const ids: Ids = { wid: '', runId: '' };

  beforeAll(async () => {
    const email = uniqueEmail('a11y');
    const api = new Api(baseUrl);
    await api.register(email, 'Ada A11y');
    ids.wid = (await api.call<{ items: { id: string }[] }>('GET', '/api/workspaces')).items[0]?.id ?? '';
    const collection = await api.call<{ id: string }>('POST', `/api/workspaces/${ids.wid}/collections`, {
      name: 'A11y shop',
      description: '# Shop API\n\nUse the **Staging** environment. See [the docs](https://example.com).',
      items: [
        {
          type: 'folder',
          id: 'f',
          name: 'Products',
          items: [
            {
              type: 'request',
              id: 'r1',
              name: 'List products',
              url: `${baseUrl}/echo/products`,
              scripts: { preRequest: '', test: 'pm.test("ok", () => pm.response.to.have.status(200));' },
            },
          ],
        },
      ],
    });
    await api.call('POST', `/api/workspaces/${ids.wid}/environments`, {
      name: 'Staging',
      variables: [{ key: 'baseUrl', value: baseUrl }],
    });
    ids.runId = (
      await api.call<{ runId: string }>('POST', `/api/collections/${collection.id}/runs`, {})
    ).runId;
    for (let i = 0; i < 150; i++) {
      const run = await api.call<{ status: string }>('GET', `/api/runs/${ids.runId}`);
      if (run.status !== 'queued' && run.status !== 'running') {
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await api.call('POST', '/api/api-keys', { name: 'CI' });
    browser = await launch();
    page = await (await newContext(browser, baseUrl)).newPage();
    await new AuthPage(page).signIn(email);
    anonymous = await (await newContext(browser, baseUrl)).newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const theme of themes) {
    for (const screen of screens) {
      it(`${screen.name} (${theme})`, async () => {
        await page.goto(screen.path(ids));
        await setTheme(page, theme);
        await page.reload();
        await screen.ready(page);
        expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(
          theme === 'dark',
        );
        // Let transitions and lazily loaded editors settle before the picture and the audit.
        await page.waitForTimeout(300);
        await shot(page, `page-${theme}-${screen.name}`);
        expect(await seriousViolations(page)).toEqual([]);
      });
    }

    for (const path of ['/signin', '/signup']) {
      it(`${path} (${theme})`, async () => {
        await anonymous.goto(path);
        await setTheme(anonymous, theme);
        await anonymous.reload();
        await anonymous.getByLabel('Email').waitFor();
        await shot(anonymous, `page-${theme}-${path.slice(1)}`);
        expect(await seriousViolations(anonymous)).toEqual([]);
      });
    }
  }
});
