import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { ContainerSettings } from './container-settings';
import { ContextMenu } from './context-menu';
import { rowMenu } from './row-menu';
import { SidebarToolbar } from './sidebar-toolbar';
import type { TreeRow as Row } from './tree-model';
import { ROW_HEIGHT, TreeRow } from './tree-row';
import { useCollectionRows } from './use-collection-rows';
import { useTreeActions } from './use-tree-actions';
import { useTreeDrag } from './use-tree-drag';
import { useTreeKeyboard } from './use-tree-keyboard';

interface SidebarProps {
  wid: string;
  canEdit: boolean;
  onImport: () => void;
  onRun: (collectionId: string) => void;
}

/**
 * The collections tree: virtualized ARIA tree with filter, context menu, drag and drop and keyboard control.
 * This component only composes; data, actions, keys and drag live in the `use-*` hooks beside it.
 */
export function Sidebar({ wid, canEdit, onImport, onRun }: SidebarProps) {
  const [filter, setFilter] = useState('');
  const [menu, setMenu] = useState<{ x: number; y: number; row: Row } | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [settingsFor, setSettingsFor] = useState<{ row: Row; section?: 'docs' } | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);

  const { collections, isLoading, rows, itemsOf } = useCollectionRows(wid, filter);
  const actions = useTreeActions({ wid, itemsOf, setRenaming });

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => treeRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Used until the element is measured (first paint, tests without layout).
    initialRect: { width: 288, height: 640 },
  });

  /** Opens the menu under a row reached by keyboard (no pointer position to use). */
  const openMenuAtRow = (row: Row, index: number) => {
    const el = treeRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    const rect = el?.getBoundingClientRect();
    setMenu({ x: (rect?.left ?? 0) + 40, y: (rect?.bottom ?? 0) + 2, row });
  };

  const { focused, setFocused, onTreeKey } = useTreeKeyboard({
    rows,
    canEdit,
    renaming,
    itemsOf,
    actions,
    startRename: setRenaming,
    openMenuAtRow,
    scrollToIndex: (i) => virtualizer.scrollToIndex(i),
  });
  const drag = useTreeDrag({ canEdit, itemsOf, move: actions.move });

  const focusTree = () => treeRef.current?.focus();
  const activeRow = rows[focused];
  return (
    <aside aria-label="Collections" className="flex h-full min-h-0 flex-col">
      <SidebarToolbar
        wid={wid}
        canEdit={canEdit}
        onImport={onImport}
        filter={filter}
        onFilterChange={setFilter}
        treeRef={treeRef}
      />
      {isLoading ? <p className="p-2 text-zinc-500 dark:text-zinc-400">Loading…</p> : null}
      {!isLoading && collections.length === 0 ? (
        <p className="p-3 text-zinc-500 dark:text-zinc-400">
          No collections yet. Create one or import a file.
        </p>
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
            return (
              <TreeRow
                key={row.id}
                row={row}
                index={v.index}
                start={v.start}
                focused={v.index === focused}
                treeHasFocus={document.activeElement === treeRef.current}
                renaming={renaming === row.id}
                canEdit={canEdit}
                drag={drag}
                onClick={() => {
                  setFocused(v.index);
                  actions.open(row);
                }}
                onContextMenu={(e) => {
                  e.preventDefault();
                  setFocused(v.index);
                  setMenu({ x: e.clientX, y: e.clientY, row });
                }}
                onRename={(name) => void actions.rename(row, name)}
                onCancelRename={() => setRenaming(null)}
                focusTree={focusTree}
              />
            );
          })}
        </div>
      </div>
      {settingsFor ? (
        <ContainerSettings
          wid={wid}
          row={settingsFor.row}
          {...(settingsFor.section ? { initialSection: settingsFor.section } : {})}
          readOnly={!canEdit}
          onClose={() => setSettingsFor(null)}
        />
      ) : null}
      {menu ? (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          label={`${menu.row.name} actions`}
          actions={rowMenu(menu.row, {
            canEdit,
            actions,
            startRename: setRenaming,
            openSettings: (row, section) => setSettingsFor({ row, ...(section ? { section } : {}) }),
            onRun,
          })}
          onClose={() => {
            setMenu(null);
            focusTree();
          }}
        />
      ) : null}
    </aside>
  );
}
