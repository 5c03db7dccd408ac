import { useState } from 'react';
import { useCollectionMutations, useCollections } from '../../api/hooks/collections';
import { Button } from '../../components/ui/button';
import { Dialog } from '../../components/ui/dialog';
import { Field, Input, Select } from '../../components/ui/input';
import { requestFields } from '../../lib/request-fields';
import { itemToRequest } from '../../lib/request-item';
import { type RequestTab, useTabsStore } from '../../stores/tabs-store';
import { useWorkspaceStore } from '../../stores/workspace-store';

/** Save a never-saved tab into a collection. */
export function SaveDialog({
  wid,
  tab,
  onClose,
}: {
  wid: string;
  tab: RequestTab | null;
  onClose: () => void;
}) {
  const { data: collections = [] } = useCollections(wid);
  const [cid, setCid] = useState('');
  const [name, setName] = useState(tab?.draft.name ?? '');
  const markSaved = useTabsStore((s) => s.markSaved);
  const toggle = useWorkspaceStore((s) => s.toggleExpanded);
  const { createItem } = useCollectionMutations(wid);
  if (!tab) {
    return null;
  }
  const target = cid || collections[0]?.id || '';
  const save = async () => {
    const { item } = await createItem.mutateAsync({
      collectionId: target,
      body: { ...requestFields(tab.draft), type: 'request', parentId: null, name },
    });
    if (item.type === 'request') {
      markSaved(tab.id, { itemId: item.id, collectionId: target, request: itemToRequest(item) });
    }
    toggle(target, true);
    onClose();
  };
  return (
    <Dialog open onClose={onClose} title="Save request">
      <form
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field label="Name">
          <Input value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
        <Field label="Collection">
          <Select value={target} onChange={(e) => setCid(e.target.value)} required>
            {collections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </Field>
        {collections.length === 0 ? (
          <p className="text-sm text-zinc-500">Create a collection first.</p>
        ) : null}
        <Button type="submit" variant="primary" disabled={!target}>
          Save
        </Button>
      </form>
    </Dialog>
  );
}
