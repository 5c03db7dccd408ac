import { AppError, err, ok, type Result } from '../errors';
import type { TCollection, TFolder, TItem, TRequestItem } from '../schema';

/** A request in run order with the folders above it (root first). */
export interface RunStep {
  item: TRequestItem;
  folders: TFolder[];
  /** Folder names from the root. */
  path: string[];
}

function walk(items: readonly TItem[], folders: TFolder[], out: RunStep[]): void {
  for (const item of items) {
    if (item.type === 'folder') {
      walk(item.items, [...folders, item], out);
    } else {
      out.push({ item, folders, path: folders.map((f) => f.name) });
    }
  }
}

function findFolder(items: readonly TItem[], key: string, above: TFolder[]): TFolder[] | undefined {
  for (const item of items) {
    if (item.type !== 'folder') {
      continue;
    }
    if (item.name === key || item.id === key) {
      return [...above, item];
    }
    const deeper = findFolder(item.items, key, [...above, item]);
    if (deeper) {
      return deeper;
    }
  }
  return undefined;
}

/**
 * The requests a run executes, in order. `folders` selects folders by name or id (nested folders are found at
 * any depth, first match wins, like newman's `--folder`); requests keep their full ancestry so inherited auth,
 * variables and scripts still apply.
 */
export function planRun(collection: TCollection, folders: readonly string[] = []): Result<RunStep[]> {
  if (folders.length === 0) {
    const out: RunStep[] = [];
    walk(collection.items, [], out);
    return ok(out);
  }
  const out: RunStep[] = [];
  for (const key of folders) {
    const chain = findFolder(collection.items, key, []);
    if (!chain) {
      return err(new AppError('NOT_FOUND', `Folder "${key}" not found in collection "${collection.name}"`));
    }
    const target = chain[chain.length - 1];
    if (target) {
      walk(target.items, chain, out);
    }
  }
  return ok(out);
}
