import { MASKED_SECRET, type TItem, type TVariable } from '@apiplay/core';

/** Secret values shown as `MASKED_SECRET`: every read of stored variables unless an editor reveals them. */
export function maskVariables(variables: readonly TVariable[]): TVariable[] {
  return variables.map((v) => (v.secret ? { ...v, value: MASKED_SECRET } : v));
}

/** Secret values left empty (key, flag and allow-list kept): what an export carries. */
export function omitSecretValues(variables: readonly TVariable[]): TVariable[] {
  return variables.map((v) => (v.secret ? { ...v, value: '' } : v));
}

/** The tree with `map` applied to the variables of every folder, at any depth. */
export function mapFolderVariables(
  items: readonly TItem[],
  map: (variables: readonly TVariable[]) => TVariable[],
): TItem[] {
  return items.map((item) =>
    item.type === 'folder'
      ? { ...item, variables: map(item.variables), items: mapFolderVariables(item.items, map) }
      : item,
  );
}
