import { type RefObject, useEffect, useRef } from 'react';
import { useCreateCollection } from '../../api/hooks/collections';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { useWorkspaceStore } from '../../stores/workspace-store';

interface SidebarToolbarProps {
  wid: string;
  canEdit: boolean;
  onImport: () => void;
  filter: string;
  onFilterChange: (value: string) => void;
  /** ArrowDown in the filter moves focus to the tree, so filtering then picking needs no mouse. */
  treeRef: RefObject<HTMLDivElement | null>;
}

/** New collection, Import, and the filter field (focused from anywhere with Ctrl/Cmd+K). */
export function SidebarToolbar({
  wid,
  canEdit,
  onImport,
  filter,
  onFilterChange,
  treeRef,
}: SidebarToolbarProps) {
  const toggle = useWorkspaceStore((s) => s.toggleExpanded);
  const createCollection = useCreateCollection(wid);
  const filterRef = useRef<HTMLInputElement>(null);

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

  return (
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
        onChange={(e) => onFilterChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            treeRef.current?.focus();
          }
        }}
      />
    </div>
  );
}
