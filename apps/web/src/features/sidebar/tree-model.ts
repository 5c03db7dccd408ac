import type { TItem } from '@apiplay/core';

export interface TreeRow {
  /** Item id, or the collection id for a collection row. */
  id: string;
  kind: 'collection' | 'folder' | 'request';
  name: string;
  method?: string;
  depth: number;
  collectionId: string;
  /** Parent folder id; null at the collection root (and for collection rows). */
  parentId: string | null;
  /** Index among its siblings. */
  index: number;
  hasChildren: boolean;
  expanded: boolean;
  /** Number of rows at depth > this one that follow (visible children count). */
  setSize: number;
}

export interface CollectionInput {
  id: string;
  name: string;
  /** Undefined while the tree is not loaded. */
  items?: TItem[];
}

function matches(name: string, needle: string): boolean {
  return name.toLowerCase().includes(needle);
}

/** Does this item or any descendant match? Memoized per call through `cache`. */
function subtreeMatches(item: TItem, needle: string, cache: Map<string, boolean>): boolean {
  const hit = cache.get(item.id);
  if (hit !== undefined) {
    return hit;
  }
  let result = matches(item.name, needle);
  if (!result && item.type === 'folder') {
    result = item.items.some((child) => subtreeMatches(child, needle, cache));
  }
  cache.set(item.id, result);
  return result;
}

/**
 * Flatten collections into the rows the virtualized tree shows. With a filter, only matching items and their
 * ancestors are kept and every folder on the way is shown open; a matching folder shows all its content.
 */
export function flattenTree(
  collections: CollectionInput[],
  expanded: Record<string, boolean>,
  filter: string,
): TreeRow[] {
  const needle = filter.trim().toLowerCase();
  const rows: TreeRow[] = [];
  const cache = new Map<string, boolean>();

  const walk = (
    items: TItem[],
    depth: number,
    collectionId: string,
    parentId: string | null,
    showAll: boolean,
  ) => {
    items.forEach((item, index) => {
      const keep = showAll || needle === '' || subtreeMatches(item, needle, cache);
      if (!keep) {
        return;
      }
      const isFolder = item.type === 'folder';
      const open = isFolder && (needle !== '' || Boolean(expanded[item.id]));
      rows.push({
        id: item.id,
        kind: item.type,
        name: item.name,
        method: item.type === 'request' ? item.method : undefined,
        depth,
        collectionId,
        parentId,
        index,
        hasChildren: isFolder && item.items.length > 0,
        expanded: open,
        setSize: items.length,
      });
      if (isFolder && open) {
        walk(
          item.items,
          depth + 1,
          collectionId,
          item.id,
          showAll || (needle !== '' && matches(item.name, needle)),
        );
      }
    });
  };

  collections.forEach((c, index) => {
    const selfMatch = needle === '' || matches(c.name, needle);
    const anyChild = c.items ? c.items.some((i) => needle === '' || subtreeMatches(i, needle, cache)) : false;
    if (!selfMatch && !anyChild) {
      return;
    }
    const open = needle !== '' ? true : Boolean(expanded[c.id]);
    rows.push({
      id: c.id,
      kind: 'collection',
      name: c.name,
      depth: 0,
      collectionId: c.id,
      parentId: null,
      index,
      hasChildren: true,
      expanded: open,
      setSize: collections.length,
    });
    if (open && c.items) {
      walk(c.items, 1, c.id, null, needle !== '' && selfMatch);
    }
  });
  return rows;
}

/** Find an item and its ancestor folders by id. */
export function findItem(
  items: TItem[],
  id: string,
  path: TItem[] = [],
): { item: TItem; ancestors: TItem[] } | null {
  for (const item of items) {
    if (item.id === id) {
      return { item, ancestors: path };
    }
    if (item.type === 'folder') {
      const found = findItem(item.items, id, [...path, item]);
      if (found) {
        return found;
      }
    }
  }
  return null;
}

/** The id and sibling list of the container holding `id` (null parent = collection root). */
export function siblingsOf(items: TItem[], parentId: string | null): TItem[] {
  if (parentId === null) {
    return items;
  }
  const found = findItem(items, parentId);
  return found && found.item.type === 'folder' ? found.item.items : [];
}
