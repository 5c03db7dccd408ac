import { storedFileId } from '@apiplay/core';
import { useStoredFile, useStoreFile } from '../../api/hooks/files';
import { formatBytes } from '../response/response-pane';
import { registerUpload, uploadName } from './file-uploads';

/** What a body `src` shows: a stored file's name and size, a picked file kept in this tab, or a bare path. */
function FileLabel({ src }: { src: string | undefined }) {
  const id = storedFileId(src);
  const stored = useStoredFile(id);
  if (!src) {
    return <span className="text-xs text-zinc-500 dark:text-zinc-400">No file</span>;
  }
  if (id !== null) {
    if (stored.isError) {
      return (
        <span className="text-xs text-red-600" role="status">
          Stored file not found in this workspace: attach it again
        </span>
      );
    }
    return (
      <span className="truncate text-xs text-zinc-600 dark:text-zinc-300" role="status" title={src}>
        {stored.data ? `${stored.data.name} · ${formatBytes(stored.data.size)} · stored` : 'Loading…'}
      </span>
    );
  }
  if (src.startsWith('upload:')) {
    return (
      <span className="truncate text-xs text-zinc-500 dark:text-zinc-400" role="status">
        {uploadName(src)} · this tab only (not stored)
      </span>
    );
  }
  // A path from an imported collection (Postman, CLI): the server never reads paths.
  return (
    <span className="truncate text-xs text-amber-700" role="status" title={src}>
      {src} · a local path: attach the file to send it from here
    </span>
  );
}

/**
 * The file input of a formdata file field or a binary body. In a workspace the picked file is stored with it
 * (`POST /api/workspaces/:id/files`) and the body names it as `stored-file:<id>`, so the saved request, a teammate
 * and server-side runs send the same bytes; without one it stays in this tab's memory (`upload:` token).
 */
export function BodyFilePicker({
  src,
  workspaceId,
  readOnly,
  label,
  onPick,
}: {
  src: string | undefined;
  workspaceId: string | undefined;
  readOnly: boolean;
  label: string;
  onPick: (src: string, contentType: string | undefined) => void;
}) {
  const store = useStoreFileOrNull(workspaceId);
  return (
    <span className="flex min-w-0 items-center gap-2">
      {/* A button-like label: the native input's "No file chosen" would contradict a stored file. */}
      <label
        className={`shrink-0 rounded border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700 ${
          readOnly ? 'opacity-50' : 'cursor-pointer hover:bg-zinc-100 dark:hover:bg-zinc-800'
        }`}
      >
        {src ? 'Replace file…' : 'Choose file…'}
        <input
          type="file"
          className="sr-only"
          aria-label={label}
          disabled={readOnly || store?.isPending === true}
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (!f) {
              return;
            }
            if (store === null) {
              onPick(registerUpload(f), f.type || undefined);
              return;
            }
            store.mutate(f, { onSuccess: (stored) => onPick(stored.src, f.type || undefined) });
          }}
        />
      </label>
      {store?.isPending ? (
        <span className="text-xs text-zinc-500 dark:text-zinc-400" role="status">
          Uploading…
        </span>
      ) : store?.isError ? (
        <span className="text-xs text-red-600" role="alert">
          {store.error instanceof Error ? store.error.message : 'Upload failed'}
        </span>
      ) : (
        <FileLabel src={src} />
      )}
    </span>
  );
}

/** Hooks cannot be conditional: without a workspace the mutation exists but is never used. */
function useStoreFileOrNull(workspaceId: string | undefined) {
  const mutation = useStoreFile(workspaceId ?? '');
  return workspaceId ? mutation : null;
}
