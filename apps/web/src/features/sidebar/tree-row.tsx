import { ChevronDown, ChevronRight, Folder, FolderOpen, Library } from 'lucide-react';
import type { MouseEvent } from 'react';
import { methodColor } from '../../lib/request-item';
import type { TreeRow as Row } from './tree-model';
import type { TreeDrag } from './use-tree-drag';

export const ROW_HEIGHT = 26;

interface TreeRowProps {
  row: Row;
  /** Position in the flattened list; the keyboard menu finds the row's element by it (`data-index`). */
  index: number;
  /** Offset from the virtualizer (px). */
  start: number;
  focused: boolean;
  /** The tree itself has DOM focus: only then is the focused row ringed, like a native focus outline. */
  treeHasFocus: boolean;
  renaming: boolean;
  canEdit: boolean;
  drag: TreeDrag;
  onClick: () => void;
  onContextMenu: (e: MouseEvent) => void;
  onRename: (name: string) => void;
  onCancelRename: () => void;
  focusTree: () => void;
}

/** One row of the collections tree: a treeitem positioned by the virtualizer, with its inline rename field. */
export function TreeRow({
  row,
  index,
  start,
  focused,
  treeHasFocus,
  renaming,
  canEdit,
  drag,
  onClick,
  onContextMenu,
  onRename,
  onCancelRename,
  focusTree,
}: TreeRowProps) {
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled on the tree (aria-activedescendant)
    // biome-ignore lint/a11y/useFocusableInteractive: focus stays on the tree; rows are active descendants
    <div
      id={`tree-row-${row.id}`}
      data-index={index}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-expanded={row.kind === 'request' ? undefined : row.expanded}
      aria-selected={focused}
      aria-setsize={row.setSize}
      aria-posinset={row.index + 1}
      aria-label={row.kind === 'request' ? `${row.method} ${row.name}` : row.name}
      draggable={canEdit && row.kind !== 'collection' && !renaming}
      onDragStart={(e) => drag.onDragStart(e, row)}
      onDragOver={(e) => drag.onDragOver(e, row)}
      onDragLeave={() => drag.onDragLeave(row)}
      onDrop={(e) => drag.onDrop(e, row)}
      onClick={onClick}
      onContextMenu={onContextMenu}
      style={{
        position: 'absolute',
        top: 0,
        left: 0,
        right: 0,
        height: ROW_HEIGHT,
        transform: `translateY(${start}px)`,
        paddingLeft: 6 + row.depth * 14,
      }}
      className={`flex cursor-pointer items-center gap-1 pr-2 whitespace-nowrap select-none ${focused ? 'bg-orange-100 dark:bg-orange-950' : 'hover:bg-zinc-100 dark:hover:bg-zinc-900'} ${drag.dropTarget === row.id ? 'outline outline-2 outline-orange-500' : ''} ${focused && treeHasFocus ? 'ring-1 ring-orange-500 ring-inset' : ''}`}
    >
      <span aria-hidden className="flex w-3.5 shrink-0 text-zinc-500 dark:text-zinc-400">
        {row.kind === 'request' ? null : row.expanded ? (
          <ChevronDown className="h-3.5 w-3.5" />
        ) : (
          <ChevronRight className="h-3.5 w-3.5" />
        )}
      </span>
      {row.kind === 'request' ? (
        <span
          className={`w-11 shrink-0 font-mono text-[10px] font-bold ${methodColor[row.method ?? ''] ?? 'text-zinc-500 dark:text-zinc-400'}`}
        >
          {row.method}
        </span>
      ) : (
        <span aria-hidden className="flex shrink-0 text-zinc-500 dark:text-zinc-400">
          {row.kind === 'collection' ? (
            <Library className="h-4 w-4" />
          ) : row.expanded ? (
            <FolderOpen className="h-4 w-4" />
          ) : (
            <Folder className="h-4 w-4" />
          )}
        </span>
      )}
      {renaming ? (
        <input
          aria-label="New name"
          defaultValue={row.name}
          // biome-ignore lint/a11y/noAutofocus: rename starts from an explicit user action
          autoFocus
          onFocus={(e) => e.currentTarget.select()}
          onClick={(e) => e.stopPropagation()}
          onKeyDown={(e) => {
            // The tree's own key handler must not see keys typed into the name.
            e.stopPropagation();
            if (e.key === 'Enter') {
              onRename(e.currentTarget.value);
              focusTree();
            } else if (e.key === 'Escape') {
              onCancelRename();
              focusTree();
            }
          }}
          onBlur={(e) => onRename(e.currentTarget.value)}
          className="min-w-0 flex-1 rounded border border-orange-500 bg-white px-1 dark:bg-zinc-900"
        />
      ) : (
        <span className={`truncate ${row.kind === 'collection' ? 'font-medium' : ''}`}>{row.name}</span>
      )}
    </div>
  );
}
