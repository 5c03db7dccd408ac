import type { TItem } from '@apiplay/core';
import { type KeyboardEvent, useEffect, useState } from 'react';
import { useWorkspaceStore } from '../../stores/workspace-store';
import { siblingsOf, type TreeRow } from './tree-model';
import type { TreeActions } from './use-tree-actions';

interface TreeKeyboardInput {
  rows: TreeRow[];
  canEdit: boolean;
  /** While a row is being renamed its input owns the keys. */
  renaming: string | null;
  itemsOf: (collectionId: string) => TItem[];
  actions: TreeActions;
  startRename: (id: string) => void;
  openMenuAtRow: (row: TreeRow, index: number) => void;
  /** Brings a row into view; the tree is virtualized, so the row may not be rendered yet. */
  scrollToIndex: (index: number) => void;
}

/**
 * The focused row and the WAI-ARIA tree keyboard model: arrows move and expand/collapse, Home/End jump,
 * Enter/Space open, F2 renames, Delete deletes, Alt+arrows reorder among siblings, ContextMenu or Shift+F10
 * open the row menu. Focus stays on the tree (aria-activedescendant), so one handler serves every row.
 */
export function useTreeKeyboard({
  rows,
  canEdit,
  renaming,
  itemsOf,
  actions,
  startRename,
  openMenuAtRow,
  scrollToIndex,
}: TreeKeyboardInput) {
  const toggle = useWorkspaceStore((s) => s.toggleExpanded);
  const [focused, setFocused] = useState(0);

  // Collapsing or filtering can shrink the list under the focused row; keep focus on a real row.
  useEffect(() => {
    if (focused >= rows.length && rows.length > 0) {
      setFocused(rows.length - 1);
    }
  }, [rows.length, focused]);

  const focusRow = (i: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    setFocused(next);
    scrollToIndex(next);
  };

  const onTreeKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (renaming) {
      return;
    }
    const row = rows[focused];
    if (!row) {
      return;
    }
    const key = e.key;
    const handled = () => e.preventDefault();
    if (e.altKey && (key === 'ArrowUp' || key === 'ArrowDown') && canEdit && row.kind !== 'collection') {
      handled();
      const pos = row.index + (key === 'ArrowUp' ? -1 : 1);
      const siblings = siblingsOf(itemsOf(row.collectionId), row.parentId);
      if (pos >= 0 && pos < siblings.length) {
        void actions.move(row, row.parentId, pos);
      }
      return;
    }
    switch (key) {
      case 'ArrowDown':
        handled();
        focusRow(focused + 1);
        break;
      case 'ArrowUp':
        handled();
        focusRow(focused - 1);
        break;
      case 'Home':
        handled();
        focusRow(0);
        break;
      case 'End':
        handled();
        focusRow(rows.length - 1);
        break;
      case 'ArrowRight':
        handled();
        if (row.kind !== 'request' && !row.expanded) {
          toggle(row.id, true);
        } else if (row.kind !== 'request') {
          focusRow(focused + 1);
        }
        break;
      case 'ArrowLeft': {
        handled();
        if (row.kind !== 'request' && row.expanded) {
          toggle(row.id, false);
          break;
        }
        const parentIdx = rows.findLastIndex((r, i) => i < focused && r.depth < row.depth);
        if (parentIdx >= 0) {
          focusRow(parentIdx);
        }
        break;
      }
      case 'Enter':
      case ' ':
        handled();
        actions.open(row);
        break;
      case 'F2':
        handled();
        if (canEdit) {
          startRename(row.id);
        }
        break;
      case 'Delete':
        handled();
        if (canEdit) {
          void actions.remove(row);
        }
        break;
      case 'ContextMenu':
        handled();
        openMenuAtRow(row, focused);
        break;
      default:
        if (key === 'F10' && e.shiftKey) {
          handled();
          openMenuAtRow(row, focused);
        }
    }
  };

  return { focused, setFocused, onTreeKey };
}
