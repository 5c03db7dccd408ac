import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useCollections, useCollectionTree } from '../../api/hooks/collections';
import { useEnvironments } from '../../api/hooks/environments';
import { useActiveEnvironment } from '../../api/hooks/workspaces';
import { Field, Select } from '../../components/ui/input';
import { foldersOf } from './run-target-options';

/**
 * The collection (kept in the URL's `?collection=`, so a link opens it), environment and folders a run or a load
 * test uses. The environment follows the one chosen at the top of the app until the user picks another one here.
 */
export function useRunTarget(wid: string) {
  const [params, setParams] = useSearchParams();
  const { data: collections = [] } = useCollections(wid);
  const { data: envs = [] } = useEnvironments(wid);
  const { envId: activeEnv } = useActiveEnvironment(wid);
  const [envChoice, setEnvChoice] = useState<string | null>(null);
  const [folders, setFolders] = useState<string[]>([]);
  const collectionId = params.get('collection') ?? collections[0]?.id ?? '';
  const environmentId =
    envChoice ?? (activeEnv !== null && envs.some((e) => e.id === activeEnv) ? activeEnv : '');
  const tree = useCollectionTree(collectionId || undefined);
  const folderChoices = useMemo(() => foldersOf(tree.data?.items ?? []), [tree.data]);
  return {
    collectionId,
    environmentId,
    folders,
    collections,
    envs,
    folderChoices,
    setCollection: (id: string) => {
      // Folders chosen for another collection do not apply to this one.
      setFolders([]);
      setParams(
        (p) => {
          p.set('collection', id);
          return p;
        },
        { replace: true },
      );
    },
    setEnvironment: setEnvChoice,
    setFolders,
  };
}

export type RunTarget = ReturnType<typeof useRunTarget>;

/** The Collection, Environment and Folders fields of the Runner and the Load page. */
export function RunTargetFields({ target }: { target: RunTarget }) {
  return (
    <>
      <Field label="Collection">
        <Select value={target.collectionId} onChange={(e) => target.setCollection(e.target.value)}>
          {target.collections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Environment">
        <Select value={target.environmentId} onChange={(e) => target.setEnvironment(e.target.value)}>
          <option value="">None</option>
          {target.envs.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </Select>
      </Field>
      {target.folderChoices.length > 0 ? (
        <Field label="Folders (none chosen = all)">
          <select
            multiple
            aria-label="Folders to run"
            className="h-20 min-w-48 rounded border border-zinc-300 bg-white px-1 dark:border-zinc-700 dark:bg-zinc-900"
            value={target.folders}
            onChange={(e) => target.setFolders([...e.target.selectedOptions].map((o) => o.value))}
          >
            {target.folderChoices.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
    </>
  );
}
