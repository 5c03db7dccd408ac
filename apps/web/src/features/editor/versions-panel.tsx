import type { TSnapshot } from '@apiplay/core';
import { useRestoreSnapshot, useSnapshots } from '../../api/hooks/collections';
import { Button } from '../../components/ui/button';
import { itemToRequest } from '../../lib/request-item';
import { useTabsStore } from '../../stores/tabs-store';
import { toast } from '../../stores/toast-store';

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
  const markSaved = useTabsStore((s) => s.markSaved);
  const versions = useSnapshots(itemId);
  const restoreMutation = useRestoreSnapshot(wid, collectionId, itemId);
  const restore = async (snap: TSnapshot) => {
    if (
      !window.confirm(
        `Restore the version from ${new Date(snap.createdAt).toLocaleString()}? Unsaved edits are replaced.`,
      )
    ) {
      return;
    }
    const { item } = await restoreMutation.mutateAsync(snap.id);
    if (item.type === 'request') {
      markSaved(tabId, { itemId, collectionId, request: itemToRequest(item) });
    }
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
