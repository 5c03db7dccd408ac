import type {
  TCreateItemRequest,
  TExportQuery,
  TMoveItemRequest,
  TUpdateCollectionRequest,
  TUpdateItemRequest,
} from '@apiplay/core';
import { type QueryClient, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createCollection,
  deleteCollection,
  exportCollection,
  getCollectionTree,
  listCollections,
  updateCollection,
} from '../collections';
import {
  createItem,
  deleteItem,
  duplicateRequest,
  listSnapshots,
  moveItem,
  restoreSnapshot,
  updateItem,
} from '../items';
import { qk } from '../query-keys';

export function useCollections(wid: string | undefined) {
  return useQuery({
    queryKey: qk.collections(wid ?? ''),
    queryFn: async () => (await listCollections(wid ?? '')).items,
    enabled: Boolean(wid),
  });
}

const treeQuery = (cid: string, opts: { enabled?: boolean; silent?: boolean } = {}) => ({
  queryKey: qk.collection(cid),
  queryFn: () => getCollectionTree(cid, opts.silent ? { silent: true } : {}),
  enabled: Boolean(cid) && opts.enabled !== false,
});

export function useCollectionTree(cid: string | undefined, enabled = true) {
  return useQuery(treeQuery(cid ?? '', { enabled }));
}

/** Several trees at once (the sidebar's open collections, the collections of open tabs). */
export function useCollectionTrees(
  cids: readonly string[],
  opts: { enabled?: (cid: string) => boolean; silent?: boolean } = {},
) {
  return useQueries({
    queries: cids.map((cid) => ({
      ...treeQuery(cid, { enabled: opts.enabled?.(cid) ?? true, silent: opts.silent ?? false }),
      ...(opts.silent ? { retry: false } : {}),
    })),
  });
}

/** Invalidate everything that shows a collection's content. */
export function invalidateCollection(qc: QueryClient, wid: string, cid?: string) {
  void qc.invalidateQueries({ queryKey: qk.collections(wid) });
  void qc.invalidateQueries({ queryKey: cid ? qk.collection(cid) : ['collection'] });
}

export function useCreateCollection(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => createCollection(wid, { name }),
    onSuccess: () => invalidateCollection(qc, wid),
  });
}

/**
 * Changes to a collection and its items. Each mutation names the collection it touches so one hook serves the
 * whole sidebar; every change refreshes that collection's tree.
 */
export function useCollectionMutations(wid: string) {
  const qc = useQueryClient();
  const refresh = (cid: string) => invalidateCollection(qc, wid, cid);
  return {
    createItem: useMutation({
      mutationFn: (input: { collectionId: string; body: TCreateItemRequest }) =>
        createItem(input.collectionId, input.body),
      onSuccess: (_r, input) => refresh(input.collectionId),
    }),
    updateItem: useMutation({
      mutationFn: (input: { collectionId: string; id: string; body: TUpdateItemRequest }) =>
        updateItem(input.id, input.body),
      onSuccess: (_r, input) => refresh(input.collectionId),
    }),
    deleteItem: useMutation({
      mutationFn: (input: { collectionId: string; id: string }) => deleteItem(input.id),
      onSuccess: (_r, input) => refresh(input.collectionId),
    }),
    moveItem: useMutation({
      mutationFn: (input: { collectionId: string; id: string; body: TMoveItemRequest }) =>
        moveItem(input.id, input.body),
      // A refused move still re-reads the tree so a drag never leaves a stale picture.
      onSettled: (_r, _e, input) => refresh(input.collectionId),
    }),
    duplicateRequest: useMutation({
      mutationFn: (input: { collectionId: string; id: string }) => duplicateRequest(input.id),
      onSuccess: (_r, input) => refresh(input.collectionId),
    }),
    updateCollection: useMutation({
      mutationFn: (input: { collectionId: string; body: TUpdateCollectionRequest }) =>
        updateCollection(input.collectionId, input.body),
      onSuccess: (_r, input) => refresh(input.collectionId),
    }),
    deleteCollection: useMutation({
      mutationFn: (collectionId: string) => deleteCollection(collectionId),
      onSuccess: (_r, collectionId) => refresh(collectionId),
    }),
  };
}

/** Download a collection export in any server format. */
export function useExportCollection() {
  return useMutation({
    mutationFn: (input: { collectionId: string; format: TExportQuery['format'] }) =>
      exportCollection(input.collectionId, input.format),
  });
}

/** Saved versions of a request, newest first. */
export function useSnapshots(itemId: string) {
  return useQuery({
    queryKey: ['snapshots', itemId],
    queryFn: async () => (await listSnapshots(itemId)).items,
    enabled: Boolean(itemId),
  });
}

export function useRestoreSnapshot(wid: string, collectionId: string, itemId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (snapId: string) => restoreSnapshot(itemId, snapId),
    onSuccess: () => {
      invalidateCollection(qc, wid, collectionId);
      void qc.invalidateQueries({ queryKey: ['snapshots', itemId] });
    },
  });
}
