import type { TItem } from '@apiplay/core';
import { describe, expect, it } from 'vitest';
import { findItem, flattenTree, siblingsOf } from './tree-model';

const req = (id: string, name: string, method = 'GET'): TItem => ({
  type: 'request',
  id,
  name,
  description: '',
  method,
  url: '',
  headers: [],
  body: { mode: 'none' },
  auth: { type: 'inherit' },
  scripts: { preRequest: '', test: '' },
  settings: {},
});
const folder = (id: string, name: string, items: TItem[]): TItem => ({
  type: 'folder',
  id,
  name,
  description: '',
  auth: { type: 'inherit' },
  variables: [],
  scripts: { preRequest: '', test: '' },
  items,
});

const items = [
  folder('f-users', 'Users', [req('r-list', 'List users'), req('r-create', 'Create user', 'POST')]),
  folder('f-orders', 'Orders', [folder('f-deep', 'Archive', [req('r-old', 'Old orders')])]),
  req('r-health', 'Health'),
];
const collections = [{ id: 'c1', name: 'Shop API', items }];

describe('flattenTree', () => {
  it('shows only the collection row while collapsed', () => {
    expect(flattenTree(collections, {}, '').map((r) => r.id)).toEqual(['c1']);
  });

  it('shows expanded levels with depth, parent and position', () => {
    const rows = flattenTree(collections, { c1: true, 'f-users': true }, '');
    expect(rows.map((r) => [r.id, r.depth, r.parentId, r.index])).toEqual([
      ['c1', 0, null, 0],
      ['f-users', 1, null, 0],
      ['r-list', 2, 'f-users', 0],
      ['r-create', 2, 'f-users', 1],
      ['f-orders', 1, null, 1],
      ['r-health', 1, null, 2],
    ]);
    expect(rows.find((r) => r.id === 'r-create')?.method).toBe('POST');
  });

  it('filters case-insensitively and opens the ancestors of matches', () => {
    const rows = flattenTree(collections, {}, 'OLD');
    expect(rows.map((r) => r.id)).toEqual(['c1', 'f-orders', 'f-deep', 'r-old']);
    expect(rows.every((r) => r.kind === 'request' || r.expanded)).toBe(true);
  });

  it('a matching folder shows all of its content', () => {
    const rows = flattenTree(collections, {}, 'users');
    expect(rows.map((r) => r.id)).toEqual(['c1', 'f-users', 'r-list', 'r-create']);
  });

  it('hides collections with nothing matching', () => {
    expect(flattenTree(collections, {}, 'nope')).toEqual([]);
  });

  it('flattens 5,000 requests', () => {
    const many = Array.from({ length: 50 }, (_, f) =>
      folder(
        `f${f}`,
        `Folder ${f}`,
        Array.from({ length: 100 }, (_, r) => req(`r${f}-${r}`, `Request ${f}-${r}`)),
      ),
    );
    const expanded = Object.fromEntries([['big', true], ...many.map((f) => [f.id, true])]);
    const rows = flattenTree([{ id: 'big', name: 'Big', items: many }], expanded, '');
    expect(rows).toHaveLength(1 + 50 + 5000);
    expect(flattenTree([{ id: 'big', name: 'Big', items: many }], {}, 'request 7-9')).toHaveLength(
      1 + 1 + 11, // collection, folder 7, requests 7-9 and 7-90…7-99
    );
  });
});

describe('tree lookups', () => {
  it('finds an item with its ancestors', () => {
    const found = findItem(items, 'r-old');
    expect(found?.item.name).toBe('Old orders');
    expect(found?.ancestors.map((a) => a.id)).toEqual(['f-orders', 'f-deep']);
    expect(findItem(items, 'missing')).toBeNull();
  });

  it('lists siblings of a parent (null = collection root)', () => {
    expect(siblingsOf(items, null).map((i) => i.id)).toEqual(['f-users', 'f-orders', 'r-health']);
    expect(siblingsOf(items, 'f-users').map((i) => i.id)).toEqual(['r-list', 'r-create']);
  });
});
