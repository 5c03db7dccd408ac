import type { TItem } from '@apiplay/core';

/** What the Runner and the Load page both choose besides the collection: '' = no environment, [] = all folders. */
export interface RunTargetChoice {
  environmentId: string;
  folders: readonly string[];
}

/** The choice as the run and load-run start requests take it (empty choices left out). */
export function targetOptions(t: RunTargetChoice): { environmentId?: string; folders?: string[] } {
  return {
    ...(t.environmentId ? { environmentId: t.environmentId } : {}),
    ...(t.folders.length > 0 ? { folders: [...t.folders] } : {}),
  };
}

/** Every folder of a tree, depth first, with its path (runs accept folder ids). */
export function foldersOf(items: readonly TItem[], path: string[] = []): { id: string; label: string }[] {
  return items.flatMap((item) =>
    item.type === 'folder'
      ? [
          { id: item.id, label: [...path, item.name].join(' / ') },
          ...foldersOf(item.items, [...path, item.name]),
        ]
      : [],
  );
}
