import type { TItem, TRequestItem } from '@apiplay/core';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type DragEvent, type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { invalidateCollection, useCollections, useCreateCollection } from '../../api/hooks';
import { api } from '../../api/instance';
import { qk } from '../../api/query-keys';
import { type CollectionTree, unwrap } from '../../api/types';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { itemToRequest, methodColor } from '../../lib/request-item';
import { useTabsStore } from '../../stores/tabs-store';
import { toast } from '../../stores/toast-store';
import { useWorkspaceStore } from '../../stores/workspace-store';
import { ContainerSettings } from './container-settings';
import { ContextMenu, type MenuAction } from './context-menu';
import { type CollectionInput, findItem, flattenTree, siblingsOf, type TreeRow } from './tree-model';

const ROW_HEIGHT = 26;

interface SidebarProps {
  wid: string;
  canEdit: boolean;
  onImport: () => void;
  onRun: (collectionId: string) => void;
}

/** The collections tree: virtualized ARIA tree with filter, context menu, drag and drop and keyboard control. */
export function Sidebar({ wid, canEdit, onImport, onRun }: SidebarProps) {
  const qc = useQueryClient();
  const { data: collections = [], isLoading } = useCollections(wid);
  const expanded = useWorkspaceStore((s) => s.expanded);
  const toggle = useWorkspaceStore((s) => s.toggleExpanded);
  const openItem = useTabsStore((s) => s.openItem);
  const detach = useTabsStore((s) => s.detach);
  const renameInTabs = useTabsStore((s) => s.renameItem);
  const createCollection = useCreateCollection(wid);
  const [filter, setFilter] = useState('');
  const [focused, setFocused] = useState(0);
  const [menu, setMenu] = useState<{ x: number; y: number; row: TreeRow } | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [settingsFor, setSettingsFor] = useState<TreeRow | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const dragRow = useRef<TreeRow | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);

  // Trees load for open collections, or for all of them while filtering.
  const trees = useQueries({
    queries: collections.map((c) => ({
      queryKey: qk.collection(c.id),
      queryFn: async () => unwrap<CollectionTree>(await api.get(`/api/collections/${c.id}`), 'collection'),
      enabled: filter.trim() !== '' || Boolean(expanded[c.id]),
    })),
  });
  const treeData = trees.map((t) => t.data);
  // biome-ignore lint/correctness/useExhaustiveDependencies: treeData identity changes every render; data objects are stable
  const inputs: CollectionInput[] = useMemo(
    () => collections.map((c, i) => ({ id: c.id, name: c.name, items: treeData[i]?.items })),
    [collections, ...treeData],
  );
  const rows = useMemo(() => flattenTree(inputs, expanded, filter), [inputs, expanded, filter]);
  const itemsOf = useCallback((cid: string) => inputs.find((c) => c.id === cid)?.items ?? [], [inputs]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => treeRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Used until the element is measured (first paint, tests without layout).
    initialRect: { width: 288, height: 640 },
  });

  useEffect(() => {
    if (focused >= rows.length && rows.length > 0) {
      setFocused(rows.length - 1);
    }
  }, [rows.length, focused]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        filterRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const refresh = (cid: string) => invalidateCollection(qc, wid, cid);

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
      const item = unwrap<TItem>(
        await api.post(`/api/collections/${row.collectionId}/items`, {
          parentId,
          type,
          name,
          ...(type === 'request' ? { method: 'GET', url: '' } : {}),
        }),
        'item',
      );
      if (row.kind !== 'request') {
        toggle(row.id, true);
      }
      toggle(row.collectionId, true);
      refresh(row.collectionId);
      if (item?.id) {
        setRenaming(item.id);
        if (item.type === 'request') {
          openItem(wid, row.collectionId, itemToRequest(item));
        }
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
      ? api.patch(`/api/collections/${row.id}`, { name })
      : api.patch(`/api/items/${row.id}`, { name }));
    if (row.kind === 'request') {
      renameInTabs(row.id, name);
    }
    refresh(row.collectionId);
  };

  const remove = async (row: TreeRow) => {
    if (!window.confirm(`Delete “${row.name}”?`)) {
      return;
    }
    await (row.kind === 'collection'
      ? api.del(`/api/collections/${row.id}`)
      : api.del(`/api/items/${row.id}`));
    if (row.kind === 'request') {
      detach(row.id);
    }
    refresh(row.collectionId);
  };

  const duplicate = async (row: TreeRow) => {
    await api.post(`/api/requests/${row.id}/duplicate`);
    refresh(row.collectionId);
  };

  /** Move `row` to `parentId` at `position` (index among the new siblings, the moved item excluded). */
  const move = async (row: TreeRow, parentId: string | null, position: number) => {
    try {
      await api.post(`/api/items/${row.id}/move`, { parentId, position: Math.max(0, position) });
    } catch {
      // toast shown by the client caller below
    } finally {
      refresh(row.collectionId);
    }
  };

  const exportCollection = async (row: TreeRow) => {
    const data = await api.get<unknown>(`/api/collections/${row.id}/export`, {
      query: { format: 'postman' },
    });
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${row.name}.postman_collection.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  const menuFor = (row: TreeRow): MenuAction[] => {
    const edit = !canEdit;
    const actions: MenuAction[] = [];
    if (row.kind !== 'request') {
      actions.push({ label: 'New request', onSelect: () => createItem(row, 'request'), disabled: edit });
      actions.push({ label: 'New folder', onSelect: () => createItem(row, 'folder'), disabled: edit });
    }
    actions.push({ label: 'Rename', onSelect: () => setRenaming(row.id), disabled: edit });
    if (row.kind === 'request') {
      actions.push({ label: 'Open', onSelect: () => open(row) });
      actions.push({ label: 'Duplicate', onSelect: () => duplicate(row), disabled: edit });
    }
    if (row.kind !== 'request') {
      actions.push({ label: 'Settings (auth, variables, scripts)', onSelect: () => setSettingsFor(row) });
    }
    if (row.kind === 'collection') {
      actions.push({ label: 'Run collection', onSelect: () => onRun(row.id) });
      actions.push({ label: 'Export (Postman)', onSelect: () => exportCollection(row) });
    }
    actions.push({ label: 'Delete', onSelect: () => remove(row), danger: true, disabled: edit });
    return actions;
  };

  const focusRow = (i: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    setFocused(next);
    virtualizer.scrollToIndex(next);
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
        void move(row, row.parentId, pos);
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
        open(row);
        break;
      case 'F2':
        handled();
        if (canEdit) {
          setRenaming(row.id);
        }
        break;
      case 'Delete':
        handled();
        if (canEdit) {
          void remove(row);
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

  const openMenuAtRow = (row: TreeRow, index: number) => {
    const el = treeRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    const rect = el?.getBoundingClientRect();
    setMenu({ x: (rect?.left ?? 0) + 40, y: (rect?.bottom ?? 0) + 2, row });
  };

  const onDragStart = (e: DragEvent, row: TreeRow) => {
    if (!canEdit || row.kind === 'collection') {
      e.preventDefault();
      return;
    }
    dragRow.current = row;
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', row.id);
  };

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

  const activeRow = rows[focused];
  return (
    <aside aria-label="Collections" className="flex h-full min-h-0 flex-col">
      <div className="flex flex-col gap-2 border-b border-zinc-200 p-2 dark:border-zinc-800">
        <div className="flex gap-1">
          <Button
            size="sm"
            disabled={!canEdit}
            onClick={async () => {
              const name = window.prompt('Collection name', 'New collection');
              if (name) {
                const c = await createCollection.mutateAsync(name);
                toggle(c.id, true);
              }
            }}
          >
            + Collection
          </Button>
          <Button size="sm" disabled={!canEdit} onClick={onImport}>
            Import
          </Button>
        </div>
        <Input
          ref={filterRef}
          type="search"
          aria-label="Filter requests"
          placeholder="Filter (Ctrl+K)"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              treeRef.current?.focus();
            }
          }}
        />
      </div>
      {isLoading ? <p className="p-2 text-zinc-500">Loading…</p> : null}
      {!isLoading && collections.length === 0 ? (
        <p className="p-3 text-zinc-500">No collections yet. Create one or import a file.</p>
      ) : null}
      <div
        ref={treeRef}
        role="tree"
        aria-label="Collections tree"
        tabIndex={0}
        aria-activedescendant={activeRow ? `tree-row-${activeRow.id}` : undefined}
        onKeyDown={onTreeKey}
        className="min-h-0 flex-1 overflow-auto py-1 outline-none"
        data-testid="sidebar-tree"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const row = rows[v.index];
            if (!row) {
              return null;
            }
            const isFocused = v.index === focused;
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled on the tree (aria-activedescendant)
              // biome-ignore lint/a11y/useFocusableInteractive: focus stays on the tree; rows are active descendants
              <div
                key={row.id}
                id={`tree-row-${row.id}`}
                data-index={v.index}
                role="treeitem"
                aria-level={row.depth + 1}
                aria-expanded={row.kind === 'request' ? undefined : row.expanded}
                aria-selected={isFocused}
                aria-setsize={row.setSize}
                aria-posinset={row.index + 1}
                aria-label={row.kind === 'request' ? `${row.method} ${row.name}` : row.name}
                draggable={canEdit && row.kind !== 'collection' && renaming !== row.id}
                onDragStart={(e) => onDragStart(e, row)}
                onDragOver={(e) => {
                  if (dragRow.current) {
                    e.preventDefault();
                    setDropTarget(row.id);
                  }
                }}
                onDragLeave={() => setDropTarget((t) => (t === row.id ? null : t))}
                onDrop={(e) => onDrop(e, row)}
                onClick={() => {
                  setFocused(v.index);
                  open(row);
                }}
                onContextMenu={(e) => {
                  e.preventDefault();
                  setFocused(v.index);
                  setMenu({ x: e.clientX, y: e.clientY, row });
                }}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${v.start}px)`,
                  paddingLeft: 6 + row.depth * 14,
                }}
                className={`flex cursor-pointer items-center gap-1 pr-2 whitespace-nowrap select-none ${isFocused ? 'bg-orange-100 dark:bg-orange-950' : 'hover:bg-zinc-100 dark:hover:bg-zinc-900'} ${dropTarget === row.id ? 'outline outline-2 outline-orange-500' : ''} ${isFocused && document.activeElement === treeRef.current ? 'ring-1 ring-orange-500 ring-inset' : ''}`}
              >
                <span aria-hidden className="w-3 text-zinc-400">
                  {row.kind === 'request' ? '' : row.expanded ? '▾' : '▸'}
                </span>
                {row.kind === 'request' ? (
                  <span
                    className={`w-11 shrink-0 font-mono text-[10px] font-bold ${methodColor[row.method ?? ''] ?? 'text-zinc-500'}`}
                  >
                    {row.method}
                  </span>
                ) : (
                  <span aria-hidden>{row.kind === 'collection' ? '▣' : '▢'}</span>
                )}
                {renaming === row.id ? (
                  <input
                    aria-label="New name"
                    defaultValue={row.name}
                    // biome-ignore lint/a11y/noAutofocus: rename starts from an explicit user action
                    autoFocus
                    onFocus={(e) => e.currentTarget.select()}
                    onClick={(e) => e.stopPropagation()}
                    onKeyDown={(e) => {
                      e.stopPropagation();
                      if (e.key === 'Enter') {
                        void rename(row, e.currentTarget.value);
                        treeRef.current?.focus();
                      } else if (e.key === 'Escape') {
                        setRenaming(null);
                        treeRef.current?.focus();
                      }
                    }}
                    onBlur={(e) => void rename(row, e.currentTarget.value)}
                    className="min-w-0 flex-1 rounded border border-orange-500 bg-white px-1 dark:bg-zinc-900"
                  />
                ) : (
                  <span className={`truncate ${row.kind === 'collection' ? 'font-medium' : ''}`}>
                    {row.name}
                  </span>
                )}
              </div>
            );
          })}
        </div>
      </div>
      {settingsFor ? (
        <ContainerSettings
          wid={wid}
          row={settingsFor}
          readOnly={!canEdit}
          onClose={() => setSettingsFor(null)}
        />
      ) : null}
      {menu ? (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          label={`${menu.row.name} actions`}
          actions={menuFor(menu.row)}
          onClose={() => {
            setMenu(null);
            treeRef.current?.focus();
          }}
        />
      ) : null}
    </aside>
  );
}
