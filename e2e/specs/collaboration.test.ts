import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthPage } from '../pages/auth-page';
import { MembersPage } from '../pages/members-page';
import { PlaygroundPage } from '../pages/playground-page';
import { Api } from '../support/api';
import { launch, newContext, shot, uniqueEmail } from '../support/browser';
import { noChromium } from '../support/skip';

const baseUrl = noChromium ? '' : inject('baseUrl');

describe.skipIf(noChromium)(noChromium || 'teams: invitations, viewer UI and live updates', () => {
  let browser: Browser;
  let owner: Page;
  let viewer: Page;
  let hasWs = false;
  const viewerEmail = uniqueEmail('viewer');

  beforeAll(async () => {
    hasWs = await new Api(baseUrl).hasRoute('GET', '/ws');
    browser = await launch();
    owner = await (await newContext(browser, baseUrl)).newPage();
    viewer = await (await newContext(browser, baseUrl)).newPage();
    await new AuthPage(owner).signUp(uniqueEmail('owner'), 'Olga Owner');
    await new AuthPage(viewer).signUp(viewerEmail, 'Victor Viewer');
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await shot(owner, `fail-${ctx.task.name.slice(0, 40)}-owner`).catch(() => undefined);
      await shot(viewer, `fail-${ctx.task.name.slice(0, 40)}-viewer`).catch(() => undefined);
    }
  });

  it('invites a member who then sees the read-only viewer UI', async () => {
    const ownerPg = new PlaygroundPage(owner);
    await ownerPg.createCollection('Shared API');
    await ownerPg.newRequestIn('Shared API', 'List things');
    const members = new MembersPage(owner);
    await members.open();
    const link = await members.invite(viewerEmail, 'viewer');
    expect(link).toMatch(/\/invite\//);
    await shot(owner, '08-members');

    await viewer.goto(new URL(link).pathname);
    await viewer.getByRole('button', { name: 'Accept invitation' }).click();
    await viewer.waitForURL(/\/w\//);
    await viewer.getByTestId('read-only-badge').waitFor();
    const viewerPg = new PlaygroundPage(viewer);
    await viewerPg.treeItem('Shared API').click();
    await viewerPg.treeItem(/List things$/).click();
    // Read-only: no creating or saving; the menu offers nothing that edits.
    expect(await viewer.getByRole('button', { name: 'New collection' }).isDisabled()).toBe(true);
    expect(await viewer.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await viewerPg.treeItem('Shared API').click({ button: 'right' });
    expect(await viewer.getByRole('menuitem', { name: 'New request' }).isDisabled()).toBe(true);
    expect(await viewer.getByRole('menuitem', { name: 'Delete' }).isDisabled()).toBe(true);
    await viewer.keyboard.press('Escape');
    await shot(viewer, '10-viewer-read-only');
  });

  it('tells a viewer who runs a collection that its variable changes were not saved', async () => {
    // The owner adds a collection whose test script sets a global (through the API, with the owner's session).
    const workspaceId = /\/w\/([^/]+)/.exec(owner.url())?.[1];
    expect(workspaceId).toBeTruthy();
    const status = await owner.evaluate(
      async ({ wid, base }) => {
        // The page keeps its access token in memory only: get one from the refresh cookie, as a reload does.
        const refreshed = await fetch('/api/auth/refresh', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-refresh-cookie': '1' },
          body: '{}',
        });
        const { accessToken } = (await refreshed.json()) as { accessToken: string };
        const res = await fetch(`/api/workspaces/${wid}/collections`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
          body: JSON.stringify({
            name: 'Counter',
            items: [
              {
                type: 'request',
                id: 'count',
                name: 'Count',
                url: `${base}/echo/count`,
                scripts: { preRequest: '', test: 'pm.globals.set("count", 1); pm.test("ok", () => {});' },
              },
            ],
          }),
        });
        return res.status;
      },
      { wid: workspaceId, base: baseUrl },
    );
    expect(status).toBe(201);
    await viewer.getByRole('link', { name: 'Runner' }).click();
    await viewer.getByRole('button', { name: 'Run collection' }).waitFor();
    await viewer.getByLabel('Collection').selectOption({ label: 'Counter' });
    await viewer.getByRole('button', { name: 'Run collection' }).click();
    const warning = viewer.getByTestId('run-warning');
    await warning.waitFor({ timeout: 20_000 });
    expect(await warning.textContent()).toMatch(/not saved: your role \(viewer\)/);
    expect(await viewer.getByTestId('run-status').textContent()).toBe('Passed');
    await shot(viewer, '12-viewer-run-warning');
    await viewer.getByRole('link', { name: 'Requests' }).click();
  });

  it("shows the owner's edits in the viewer's tree without a reload", async (t) => {
    if (!hasWs) {
      t.skip('GET /ws is not on the server yet');
    }
    const ownerPg = new PlaygroundPage(owner);
    await owner.getByRole('link', { name: 'Requests' }).click();
    await ownerPg.newRequestIn('Shared API', 'Added live');
    const viewerPg = new PlaygroundPage(viewer);
    await viewerPg.treeItem(/Added live$/).waitFor({ timeout: 15_000 });
    await ownerPg.contextMenu(/Added live$/, 'Rename');
    const rename = owner.getByLabel('New name');
    await rename.fill('Renamed live');
    await rename.press('Enter');
    await viewerPg.treeItem(/Renamed live$/).waitFor({ timeout: 15_000 });
    await shot(viewer, '11-live-update');
  });
});
