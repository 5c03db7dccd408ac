import type { TItem } from '@apiplay/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { qk } from '../../api/query-keys';
import { useTabsStore } from '../../stores/tabs-store';
import { useWorkspaceStore } from '../../stores/workspace-store';
import { Sidebar } from './sidebar';

const req = (id: string, name: string, method = 'GET'): TItem => ({
  type: 'request',
  id,
  name,
  description: '',
  method,
  url: `https://x.test/${id}`,
  headers: [],
  body: { mode: 'none' },
  auth: { type: 'inherit' },
  scripts: { preRequest: '', test: '' },
  settings: {},
});

const tree = {
  v: 1,
  id: 'c1',
  name: 'Shop API',
  description: '',
  auth: { type: 'none' },
  variables: [],
  scripts: { preRequest: '', test: '' },
  items: [
    {
      type: 'folder',
      id: 'f1',
      name: 'Users',
      description: '',
      auth: { type: 'inherit' },
      variables: [],
      scripts: { preRequest: '', test: '' },
      items: [req('r1', 'List users'), req('r2', 'Create user', 'POST')],
    },
    req('r3', 'Health'),
  ],
};

/** Server state is seeded into the query cache (fresh forever), so nothing is fetched. */
function renderSidebar(canEdit = true) {
  const qc = new QueryClient({
    defaultOptions: { queries: { staleTime: Number.POSITIVE_INFINITY, retry: false } },
  });
  qc.setQueryData(qk.collections('w1'), [{ id: 'c1', name: 'Shop API' }]);
  qc.setQueryData(qk.collection('c1'), tree);
  return render(
    <QueryClientProvider client={qc}>
      <Sidebar wid="w1" canEdit={canEdit} onImport={() => undefined} onRun={() => undefined} />
    </QueryClientProvider>,
  );
}

const rowNames = () => screen.queryAllByRole('treeitem').map((r) => r.getAttribute('aria-label'));

describe('Sidebar tree', () => {
  // jsdom has no layout: give elements a viewport-sized box so the virtualizer renders rows.
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 640 });
  });
  afterAll(() => {
    if (original) {
      Object.defineProperty(HTMLElement.prototype, 'clientHeight', original);
    }
  });

  beforeEach(() => {
    useWorkspaceStore.setState({ expanded: {} });
    useTabsStore.setState({ tabs: [], activeId: null });
  });

  it('is an ARIA tree navigable with the keyboard', () => {
    renderSidebar();
    const treeEl = screen.getByRole('tree', { name: 'Collections tree' });
    expect(rowNames()).toEqual(['Shop API']);
    treeEl.focus();
    fireEvent.keyDown(treeEl, { key: 'ArrowRight' });
    expect(rowNames()).toEqual(['Shop API', 'Users', 'GET Health']);
    fireEvent.keyDown(treeEl, { key: 'ArrowDown' });
    expect(treeEl.getAttribute('aria-activedescendant')).toBe('tree-row-f1');
    fireEvent.keyDown(treeEl, { key: 'ArrowRight' });
    expect(rowNames()).toEqual(['Shop API', 'Users', 'GET List users', 'POST Create user', 'GET Health']);
    const users = screen.getByRole('treeitem', { name: 'Users' });
    expect(users.getAttribute('aria-expanded')).toBe('true');
    expect(users.getAttribute('aria-level')).toBe('2');
    fireEvent.keyDown(treeEl, { key: 'ArrowDown' });
    fireEvent.keyDown(treeEl, { key: 'ArrowDown' });
    fireEvent.keyDown(treeEl, { key: 'Enter' });
    const tab = useTabsStore.getState().tabs[0];
    expect(tab?.itemId).toBe('r2');
    expect(tab?.draft).toMatchObject({ method: 'POST', name: 'Create user', v: 1 });
    fireEvent.keyDown(treeEl, { key: 'ArrowLeft' });
    expect(treeEl.getAttribute('aria-activedescendant')).toBe('tree-row-f1');
    fireEvent.keyDown(treeEl, { key: 'End' });
    expect(treeEl.getAttribute('aria-activedescendant')).toBe('tree-row-r3');
  });

  it('filters as you type and shows the ancestors of matches', () => {
    renderSidebar();
    fireEvent.change(screen.getByLabelText('Filter requests'), { target: { value: 'create' } });
    expect(rowNames()).toEqual(['Shop API', 'Users', 'POST Create user']);
    fireEvent.change(screen.getByLabelText('Filter requests'), { target: { value: 'nothing' } });
    expect(rowNames()).toEqual([]);
  });

  it('offers a context menu; F2 renames in place', () => {
    renderSidebar();
    fireEvent.click(screen.getByRole('treeitem', { name: 'Shop API' }));
    fireEvent.contextMenu(screen.getByRole('treeitem', { name: 'GET Health' }));
    const menu = screen.getByRole('menu');
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((m) => m.textContent),
    ).toEqual(['Rename', 'Open', 'Duplicate', 'Delete']);
    fireEvent.keyDown(menu, { key: 'Escape' });
    const treeEl = screen.getByRole('tree');
    fireEvent.keyDown(treeEl, { key: 'F2' });
    expect((screen.getByLabelText('New name') as HTMLInputElement).value).toBe('Health');
  });

  it('edits collection auth from the context menu; folders show what they inherit', () => {
    renderSidebar();
    fireEvent.contextMenu(screen.getByRole('treeitem', { name: 'Shop API' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Settings (auth, variables, scripts)' }));
    const dialog = screen.getByRole('dialog', { name: 'Collection settings — Shop API' });
    const kind = within(dialog).getByLabelText('Auth type') as HTMLSelectElement;
    expect(kind.value).toBe('none');
    // A collection has no parent to inherit from.
    expect(within(kind).queryByText('Inherit from parent')).toBeNull();
    fireEvent.change(kind, { target: { value: 'bearer' } });
    expect(within(dialog).getByLabelText('Token')).toBeTruthy();
  });

  it('disables editing actions for viewers', () => {
    renderSidebar(false);
    expect((screen.getByRole('button', { name: 'New collection' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.contextMenu(screen.getByRole('treeitem', { name: 'Shop API' }));
    const items = within(screen.getByRole('menu')).getAllByRole('menuitem') as HTMLButtonElement[];
    const enabled = items.filter((i) => !i.disabled).map((i) => i.textContent);
    expect(enabled).toEqual([
      'Documentation',
      'Settings (auth, variables, scripts)',
      'Run collection',
      'Export as Postman v2.1',
      'Export as OpenAPI 3.1 (JSON)',
      'Export as OpenAPI 3.1 (YAML)',
      'Export as HAR 1.2',
      'Export as cURL script',
    ]);
    expect(screen.getByRole('treeitem', { name: 'Shop API' }).getAttribute('draggable')).toBe('false');
  });
});
