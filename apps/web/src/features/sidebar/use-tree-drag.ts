import type { TItem } from '@apiplay/core';
import { type DragEvent, useRef, useState } from 'react';
import { toast } from '../../stores/toast-store';
import { useWorkspaceStore } from '../../stores/workspace-store';
import { findItem, siblingsOf, type TreeRow } from './tree-model';
import type { TreeActions } from './use-tree-actions';

interface TreeDragInput {
  canEdit: boolean;
  itemsOf: (collectionId: string) => TItem[];
  move: TreeActions['move'];
}

/**
 * Drag and drop inside one collection: dropping on a collection or folder appends into it, dropping on a
 * request inserts before it. The dragged row is kept in a ref (not the DataTransfer) because its payload is
 * unreadable during dragover and we need to know a drag of ours is in progress to show the drop target.
 */
export function useTreeDrag({ canEdit, itemsOf, move }: TreeDragInput) {
  const toggle = useWorkspaceStore((s) => s.toggleExpanded);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const dragRow = useRef<TreeRow | null>(null);

  const onDragStart = (e: DragEvent, row: TreeRow) => {
    if (!canEdit || row.kind === 'collection') {
      e.preventDefault();
      return;
    }
    dragRow.current = row;
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', row.id);
  };

  const onDragOver = (e: DragEvent, row: TreeRow) => {
    if (dragRow.current) {
      e.preventDefault();
      setDropTarget(row.id);
    }
  };

  const onDragLeave = (row: TreeRow) => setDropTarget((t) => (t === row.id ? null : t));

  const onDrop = (e: DragEvent, target: TreeRow) => {
    e.preventDefault();
    setDropTarget(null);
    const src = dragRow.current;
    dragRow.current = null;
    if (!src || src.id === target.id) {
      return;
    }
    if (src.collectionId !== target.collectionId) {
      toast.error('Moving between collections is not supported; duplicate and delete instead');
      return;
    }
    const items = itemsOf(src.collectionId);
    // A folder cannot go inside itself.
    if (src.kind === 'folder' && findItem(siblingsOf(items, src.id), target.id)) {
      return;
    }
    if (target.kind === 'collection' || target.kind === 'folder') {
      const parentId = target.kind === 'collection' ? null : target.id;
      const count = siblingsOf(items, parentId).filter((i) => i.id !== src.id).length;
      toggle(target.id, true);
      void move(src, parentId, count);
      return;
    }
    // Dropped on a request: take its place (insert before it) among its siblings.
    const siblings = siblingsOf(items, target.parentId).filter((i) => i.id !== src.id);
    const pos = siblings.findIndex((i) => i.id === target.id);
    void move(src, target.parentId, pos < 0 ? siblings.length : pos);
  };

  return { dropTarget, onDragStart, onDragOver, onDragLeave, onDrop };
}

export type TreeDrag = ReturnType<typeof useTreeDrag>;
