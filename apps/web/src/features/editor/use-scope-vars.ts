import { useMemo } from 'react';
import { useCollectionTree } from '../../api/hooks/collections';
import { useEnvironment, useGlobals } from '../../api/hooks/environments';
import { useWorkspaceStore } from '../../stores/workspace-store';
import type { VarInfo } from './url-editor';

/** Variables visible to a request: active environment, collection variables and globals (narrowest first). */
export function useScopeVars(wid: string, collectionId: string | null): VarInfo[] {
  const envId = useWorkspaceStore((s) => s.activeEnv[wid] ?? null);
  const env = useEnvironment(envId);
  const globals = useGlobals(wid);
  const tree = useCollectionTree(collectionId ?? undefined);
  return useMemo(() => {
    const seen = new Set<string>();
    const out: VarInfo[] = [];
    for (const list of [env.data?.variables, tree.data?.variables, globals.data?.variables]) {
      for (const v of list ?? []) {
        if (v.enabled !== false && !seen.has(v.key)) {
          seen.add(v.key);
          out.push({ key: v.key, value: v.value, secret: v.secret });
        }
      }
    }
    return out;
  }, [env.data, tree.data, globals.data]);
}
