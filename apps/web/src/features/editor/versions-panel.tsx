import type { TItem } from '@apiplay/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { invalidateCollection } from '../../api/hooks';
import { api } from '../../api/instance';
import { toPage, unwrap } from '../../api/types';
import { Button } from '../../components/ui/button';
import { itemToRequest } from '../../lib/request-item';
import { useTabsStore } from '../../stores/tabs-store';
import { toast } from '../../stores/toast-store';

interface Snapshot {
  id: string;
  name: string;
  request: TItem;
  createdAt: string;
}

/** Saved versions of a request (newest first) with restore. */
export function VersionsPanel({
  wid,
  tabId,
  itemId,
  collectionId,
  readOnly,
}: {
  wid: string;
  tabId: string;
  itemId: string;
  collectionId: string;
  readOnly: boolean;
}) {
  const qc = useQueryClient();
  const markSaved = useTabsStore((s) => s.markSaved);
  const versions = useQuery({
    queryKey: ['snapshots', itemId],
    queryFn: async () => toPage<Snapshot>(await api.get(`/api/requests/${itemId}/snapshots`)).items,
  });
  const restore = async (snap: Snapshot) => {
    if (
      !window.confirm(
        `Restore the version from ${new Date(snap.createdAt).toLocaleString()}? Unsaved edits are replaced.`,
      )
    ) {
      return;
    }
    const res = await api.post<unknown>(`/api/requests/${itemId}/snapshots/${snap.id}/restore`);
    const item = unwrap<TItem>(res, 'item');
    if (item?.type === 'request') {
      markSaved(tabId, { itemId, collectionId, request: itemToRequest(item) });
    }
    invalidateCollection(qc, wid, collectionId);
    void versions.refetch();
    toast.success('Version restored');
  };
  if (versions.isLoading) {
    return <p className="text-zinc-500">Loading versions…</p>;
  }
  const list = versions.data ?? [];
  if (list.length === 0) {
    return <p className="text-zinc-500">No saved versions yet. Every save keeps one.</p>;
  }
  return (
    <table className="w-full text-sm" aria-label="Saved versions">
      <tbody>
        {list.map((s) => (
          <tr key={s.id} className="border-t border-zinc-200 dark:border-zinc-800">
            <td className="py-1">{new Date(s.createdAt).toLocaleString()}</td>
            <td className="font-mono text-xs">
              {s.request.type === 'request' ? `${s.request.method} ${s.request.url}` : s.name}
            </td>
            <td className="text-right">
              <Button size="sm" disabled={readOnly} onClick={() => void restore(s)}>
                Restore
              </Button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
