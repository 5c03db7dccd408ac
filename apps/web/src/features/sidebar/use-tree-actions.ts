import type { TItem, TRequestItem } from '@apiplay/core';
import { useCollectionMutations, useExportCollection } from '../../api/hooks/collections';
import { itemToRequest } from '../../lib/request-item';
import { useTabsStore } from '../../stores/tabs-store';
import { useWorkspaceStore } from '../../stores/workspace-store';
import { findItem, type TreeRow } from './tree-model';

interface TreeActionsInput {
  wid: string;
  itemsOf: (collectionId: string) => TItem[];
  /** Which row shows the inline rename field (null: none). */
  setRenaming: (id: string | null) => void;
}

/**
 * What a tree row can do against the server (create, rename, delete, duplicate, move, export) plus opening it.
 * Shared by the context menu, the keyboard and drag and drop so each gesture behaves the same way; every change
 * refreshes the collection's tree and keeps open tabs in step.
 */
export function useTreeActions({ wid, itemsOf, setRenaming }: TreeActionsInput) {
  const mutations = useCollectionMutations(wid);
  const exporter = useExportCollection();
  const toggle = useWorkspaceStore((s) => s.toggleExpanded);
  const openItem = useTabsStore((s) => s.openItem);
  const detach = useTabsStore((s) => s.detach);
  const renameInTabs = useTabsStore((s) => s.renameItem);

  /** Requests open in a tab; collections and folders expand or collapse. */
  const open = (row: TreeRow) => {
    if (row.kind !== 'request') {
      toggle(row.id, !row.expanded);
      return;
    }
    const found = findItem(itemsOf(row.collectionId), row.id);
    if (found && found.item.type === 'request') {
      openItem(wid, row.collectionId, itemToRequest(found.item as TRequestItem));
    }
  };

  const createItem = async (row: TreeRow, type: 'request' | 'folder') => {
    const parentId = row.kind === 'folder' ? row.id : row.kind === 'collection' ? null : row.parentId;
    const name = type === 'folder' ? 'New folder' : 'New request';
    try {
      const { item } = await mutations.createItem.mutateAsync({
        collectionId: row.collectionId,
        body:
          type === 'request' ? { type, parentId, name, method: 'GET', url: '' } : { type, parentId, name },
      });
      if (row.kind !== 'request') {
        toggle(row.id, true);
      }
      toggle(row.collectionId, true);
      setRenaming(item.id);
      if (item.type === 'request') {
        openItem(wid, row.collectionId, itemToRequest(item));
      }
    } catch {
      // The query client already showed the server's message.
    }
  };

  const rename = async (row: TreeRow, name: string) => {
    setRenaming(null);
    if (name.trim() === '' || name === row.name) {
      return;
    }
    await (row.kind === 'collection'
      ? mutations.updateCollection.mutateAsync({ collectionId: row.id, body: { name } })
      : mutations.updateItem.mutateAsync({ collectionId: row.collectionId, id: row.id, body: { name } }));
    if (row.kind === 'request') {
      renameInTabs(row.id, name);
    }
  };

  const remove = async (row: TreeRow) => {
    if (!window.confirm(`Delete “${row.name}”?`)) {
      return;
    }
    await (row.kind === 'collection'
      ? mutations.deleteCollection.mutateAsync(row.id)
      : mutations.deleteItem.mutateAsync({ collectionId: row.collectionId, id: row.id }));
    if (row.kind === 'request') {
      detach(row.id);
    }
  };

  const duplicate = async (row: TreeRow) => {
    await mutations.duplicateRequest.mutateAsync({ collectionId: row.collectionId, id: row.id });
  };

  /** Move `row` to `parentId` at `position` (index among the new siblings, the moved item excluded). */
  const move = async (row: TreeRow, parentId: string | null, position: number) => {
    try {
      await mutations.moveItem.mutateAsync({
        collectionId: row.collectionId,
        id: row.id,
        body: { parentId, position: Math.max(0, position) },
      });
    } catch {
      // The client showed the server's message; the tree is re-read either way.
    }
  };

  /** Downloads the collection as a Postman v2.1 file, built by the server. */
  const exportCollection = async (row: TreeRow) => {
    const blob = await exporter.mutateAsync({ collectionId: row.id, format: 'postman' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${row.name}.postman_collection.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return { open, createItem, rename, remove, duplicate, move, exportCollection };
}

export type TreeActions = ReturnType<typeof useTreeActions>;
