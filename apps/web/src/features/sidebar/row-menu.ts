import type { MenuAction } from './context-menu';
import { exportFormatList, exportFormats } from './export-formats';
import type { TreeRow } from './tree-model';
import type { TreeActions } from './use-tree-actions';

interface RowMenuInput {
  canEdit: boolean;
  actions: TreeActions;
  startRename: (id: string) => void;
  openSettings: (row: TreeRow, section?: 'docs') => void;
  onRun: (collectionId: string) => void;
}

/**
 * The context menu of one row. Editing entries stay listed but disabled for viewers, so they can see what
 * exists without being offered something the server would refuse.
 */
export function rowMenu(row: TreeRow, { canEdit, actions, startRename, openSettings, onRun }: RowMenuInput) {
  const edit = !canEdit;
  const items: MenuAction[] = [];
  if (row.kind !== 'request') {
    items.push({ label: 'New request', onSelect: () => actions.createItem(row, 'request'), disabled: edit });
    items.push({ label: 'New folder', onSelect: () => actions.createItem(row, 'folder'), disabled: edit });
  }
  items.push({ label: 'Rename', onSelect: () => startRename(row.id), disabled: edit });
  if (row.kind === 'request') {
    items.push({ label: 'Open', onSelect: () => actions.open(row) });
  }
  if (row.kind !== 'collection') {
    items.push({ label: 'Duplicate', onSelect: () => actions.duplicate(row), disabled: edit });
  }
  if (row.kind !== 'request') {
    items.push({ label: 'Documentation', onSelect: () => openSettings(row, 'docs') });
    items.push({ label: 'Settings (auth, variables, scripts)', onSelect: () => openSettings(row) });
  }
  if (row.kind === 'collection') {
    items.push({ label: 'Run collection', onSelect: () => onRun(row.id) });
    for (const format of exportFormatList) {
      items.push({
        label: `Export as ${exportFormats[format].label}`,
        onSelect: () => actions.exportCollection(row, format),
      });
    }
  }
  items.push({ label: 'Delete', onSelect: () => actions.remove(row), danger: true, disabled: edit });
  return items;
}
