import type { TFolder, TScripts } from '@apiplay/core';
import { useMemo } from 'react';
import { useCollectionTree } from '../../api/hooks/collections';
import { useEnvironment, useGlobals } from '../../api/hooks/environments';
import { useActiveEnvironment } from '../../api/hooks/workspaces';
import { findItem } from '../sidebar/tree-model';
import type { VarInfo } from './url-editor';

/**
 * Variables visible to a request, narrowest first — the engine's precedence (core variables/variable-scopes):
 * active environment, the request's folders (nearest first), the collection, globals. `scripts` are the
 * collection's and folders' scripts, which may set more at send time.
 */
export function useScopeVars(
  wid: string,
  collectionId: string | null,
  itemId: string | null = null,
): { vars: VarInfo[]; scripts: TScripts[] } {
  const { envId } = useActiveEnvironment(wid);
  const env = useEnvironment(envId);
  const globals = useGlobals(wid);
  const tree = useCollectionTree(collectionId ?? undefined);
  return useMemo(() => {
    const folders =
      tree.data && itemId
        ? (findItem(tree.data.items, itemId)?.ancestors ?? []).filter(
            (a): a is TFolder => a.type === 'folder',
          )
        : [];
    const seen = new Set<string>();
    const vars: VarInfo[] = [];
    const lists = [
      env.data?.variables,
      ...[...folders].reverse().map((f) => f.variables),
      tree.data?.variables,
      globals.data?.variables,
    ];
    for (const list of lists) {
      for (const v of list ?? []) {
        if (v.enabled !== false && !seen.has(v.key)) {
          seen.add(v.key);
          vars.push({ key: v.key, value: v.value, secret: v.secret });
        }
      }
    }
    const scripts = [...(tree.data ? [tree.data.scripts] : []), ...folders.map((f) => f.scripts)];
    return { vars, scripts };
  }, [env.data, tree.data, globals.data, itemId]);
}
