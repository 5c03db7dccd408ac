import { useDeleteStoredFile, useStoredFiles } from '../../api/hooks/files';
import { Button } from '../../components/ui/button';
import { confirmAction } from '../../stores/confirm-store';
import { formatBytes } from '../response/response-pane';

/**
 * The files stored with this workspace's requests (attached in the body editor). Deleting one makes the requests
 * that name it say "not found" until a file is attached again.
 */
export function StoredFiles({ wid, canEdit }: { wid: string; canEdit: boolean }) {
  const files = useStoredFiles(wid);
  const remove = useDeleteStoredFile(wid);
  return (
    <section aria-labelledby="files-h" className="flex flex-col gap-2">
      <h2 id="files-h" className="font-semibold">
        Stored files
      </h2>
      <p className="text-sm text-zinc-500 dark:text-zinc-400">
        Files attached to requests of this workspace (multipart and binary bodies). Saved requests and
        server-side runs send them from here.
      </p>
      {files.data?.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">No stored files.</p>
      ) : null}
      {files.data && files.data.length > 0 ? (
        <table className="w-full text-sm" aria-label="Stored files">
          <tbody>
            {files.data.map((f) => (
              <tr key={f.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-1 font-mono">{f.name}</td>
                <td className="text-zinc-500 dark:text-zinc-400">{formatBytes(f.size)}</td>
                <td className="text-zinc-500 dark:text-zinc-400">{new Date(f.createdAt).toLocaleString()}</td>
                <td className="text-right">
                  {canEdit ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Delete ${f.name}`}
                      disabled={remove.isPending}
                      onClick={async () => {
                        const confirmed = await confirmAction({
                          title: `Delete ${f.name}?`,
                          message: 'Requests that send it will fail until you attach it again.',
                          confirmLabel: 'Delete',
                          danger: true,
                        });
                        if (confirmed) {
                          remove.mutate(f.id);
                        }
                      }}
                    >
                      Delete
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
