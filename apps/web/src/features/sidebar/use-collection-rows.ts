import { useCallback, useMemo } from 'react';
import { useCollections, useCollectionTrees } from '../../api/hooks/collections';
import { useWorkspaceStore } from '../../stores/workspace-store';
import { type CollectionInput, flattenTree } from './tree-model';

/**
 * The sidebar's data: the workspace's collections, the trees of those that are open, and the visible rows.
 * Trees load lazily so a workspace with many collections does not fetch every tree up front.
 */
export function useCollectionRows(wid: string, filter: string) {
  const { data: collections = [], isLoading } = useCollections(wid);
  const expanded = useWorkspaceStore((s) => s.expanded);

  // Trees load for open collections, or for all of them while filtering.
  const trees = useCollectionTrees(
    collections.map((c) => c.id),
    { enabled: (cid) => filter.trim() !== '' || Boolean(expanded[cid]) },
  );
  const treeData = trees.map((t) => t.data);
  // biome-ignore lint/correctness/useExhaustiveDependencies: treeData identity changes every render; data objects are stable
  const inputs: CollectionInput[] = useMemo(
    () => collections.map((c, i) => ({ id: c.id, name: c.name, items: treeData[i]?.items })),
    [collections, ...treeData],
  );
  const rows = useMemo(() => flattenTree(inputs, expanded, filter), [inputs, expanded, filter]);
  /** The loaded items of a collection (empty while its tree is not loaded). */
  const itemsOf = useCallback((cid: string) => inputs.find((c) => c.id === cid)?.items ?? [], [inputs]);

  return { collections, isLoading, rows, itemsOf };
}
