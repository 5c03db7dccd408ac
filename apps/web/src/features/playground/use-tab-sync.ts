import type { TItem } from '@apiplay/core';
import { useEffect } from 'react';
import { useCollectionTrees } from '../../api/hooks/collections';
import { itemToRequest } from '../../lib/request-item';
import { useTabsStore } from '../../stores/tabs-store';
import { findItem } from '../sidebar/tree-model';

/**
 * Keeps open tabs in step with the saved requests: a teammate's save updates the tab's base (and its draft when
 * the tab has no local edits, field by field).
 */
export function useTabSync(wid: string) {
  const tabs = useTabsStore((s) => s.tabs);
  const syncBase = useTabsStore((s) => s.syncBase);
  const cids = [
    ...new Set(tabs.filter((t) => t.workspaceId === wid && t.collectionId).map((t) => t.collectionId ?? '')),
  ];
  const trees = useCollectionTrees(cids, { silent: true });
  const stamp = trees.map((t) => t.dataUpdatedAt).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run only when some tree data changed
  useEffect(() => {
    const byCid = new Map<string, TItem[]>();
    cids.forEach((cid, i) => {
      const data = trees[i]?.data;
      if (data) {
        byCid.set(cid, data.items);
      }
    });
    for (const tab of useTabsStore.getState().tabs) {
      if (tab.workspaceId !== wid || !tab.itemId || !tab.collectionId) {
        continue;
      }
      const items = byCid.get(tab.collectionId);
      if (!items) {
        continue;
      }
      // A missing item may just be a tree fetched before it was created; deletions detach via live events.
      const found = findItem(items, tab.itemId);
      if (found && found.item.type === 'request') {
        syncBase(tab.itemId, itemToRequest(found.item));
      }
    }
  }, [stamp]);
}
