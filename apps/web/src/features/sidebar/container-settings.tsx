import type { TAuth, TScripts, TVariable } from '@apiplay/core';
import { useEffect, useState } from 'react';
import { useCollectionMutations, useCollectionTree } from '../../api/hooks/collections';
import { Button } from '../../components/ui/button';
import { Dialog } from '../../components/ui/dialog';
import { TabBar } from '../../components/ui/tabs';
import { toast } from '../../stores/toast-store';
import { AuthEditor, resolveInherited } from '../editor/auth-editor';
import { CodeEditor } from '../editor/code-editor';
import { KeyValueTable } from '../editor/key-value-table';
import { pmCompletions } from '../editor/pm-completions';
import { findItem, type TreeRow } from './tree-model';

type Section = 'auth' | 'variables' | 'preRequest' | 'test';

/** Auth, variables and scripts of a collection or folder (inherited downward by its requests). */
export function ContainerSettings({
  wid,
  row,
  readOnly,
  onClose,
}: {
  wid: string;
  row: TreeRow;
  readOnly: boolean;
  onClose: () => void;
}) {
  const { updateCollection, updateItem } = useCollectionMutations(wid);
  const tree = useCollectionTree(row.collectionId);
  const [section, setSection] = useState<Section>('auth');
  const [auth, setAuth] = useState<TAuth>({ type: 'none' });
  const [variables, setVariables] = useState<TVariable[]>([]);
  const [scripts, setScripts] = useState<TScripts>({ preRequest: '', test: '' });
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);

  const found = tree.data && row.kind === 'folder' ? findItem(tree.data.items, row.id) : null;
  const source = row.kind === 'collection' ? tree.data : found?.item.type === 'folder' ? found.item : null;
  useEffect(() => {
    if (source && !loaded) {
      setAuth(source.auth);
      setVariables(source.variables);
      setScripts(source.scripts);
      setLoaded(true);
    }
  }, [source, loaded]);

  // A folder set to `inherit` gets the nearest ancestor's auth (parent folders, then the collection).
  const inherited =
    row.kind === 'folder' && tree.data
      ? resolveInherited([
          { name: tree.data.name, auth: tree.data.auth },
          ...(found?.ancestors ?? []).flatMap((a) =>
            a.type === 'folder' ? [{ name: a.name, auth: a.auth }] : [],
          ),
        ])
      : null;

  const save = async () => {
    setBusy(true);
    try {
      const body = { auth, variables, scripts };
      await (row.kind === 'collection'
        ? updateCollection.mutateAsync({ collectionId: row.id, body })
        : updateItem.mutateAsync({ collectionId: row.collectionId, id: row.id, body }));
      toast.success('Settings saved');
      onClose();
    } catch {
      // toast shown by the client
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={`${row.kind === 'collection' ? 'Collection' : 'Folder'} settings — ${row.name}`}
      wide
    >
      {!loaded ? (
        <p className="text-zinc-500">Loading…</p>
      ) : (
        <div className="flex flex-col gap-3">
          <TabBar
            label="Settings sections"
            idPrefix="container"
            value={section}
            onChange={setSection}
            items={[
              { id: 'auth', label: 'Auth' },
              { id: 'variables', label: 'Variables', badge: variables.length },
              { id: 'preRequest', label: 'Pre-request script' },
              { id: 'test', label: 'Test script' },
            ]}
          />
          <div id="container-panel" role="tabpanel" className="h-80 overflow-auto">
            {section === 'auth' ? (
              <AuthEditor
                auth={auth}
                onChange={setAuth}
                readOnly={readOnly}
                inherited={inherited}
                allowInherit={row.kind === 'folder'}
              />
            ) : null}
            {section === 'variables' ? (
              <KeyValueTable
                label="Variables"
                keyPlaceholder="Variable"
                rows={variables.map((v) => ({ key: v.key, value: v.value, enabled: v.enabled }))}
                readOnly={readOnly}
                onChange={(rows) =>
                  setVariables(
                    rows.map((r) => ({ key: r.key, value: r.value, enabled: r.enabled, secret: false })),
                  )
                }
              />
            ) : null}
            {section === 'preRequest' || section === 'test' ? (
              <CodeEditor
                key={section}
                ariaLabel={`${row.kind === 'collection' ? 'Collection' : 'Folder'} ${section === 'test' ? 'test' : 'pre-request'} script`}
                value={scripts[section]}
                language="javascript"
                readOnly={readOnly}
                completions={[pmCompletions]}
                minHeight="18rem"
                onChange={(code) => setScripts((s) => ({ ...s, [section]: code }))}
              />
            ) : null}
          </div>
          <div className="flex justify-end gap-2">
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" disabled={readOnly || busy} onClick={save}>
              Save
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
