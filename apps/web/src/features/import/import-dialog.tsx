import { useMemo, useState } from 'react';
import { useFetchImportUrl, useImport } from '../../api/hooks/import';
import { Button } from '../../components/ui/button';
import { Dialog } from '../../components/ui/dialog';
import { Field, fileInputClass, Input } from '../../components/ui/input';
import { toast } from '../../stores/toast-store';
import { useWorkspaceStore } from '../../stores/workspace-store';
import { previewImport } from './preview';

/** Import from a file, pasted text or a URL: preview what it holds, then let the server import it. */
export function ImportDialog({ wid, open, onClose }: { wid: string; open: boolean; onClose: () => void }) {
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState('');
  const [url, setUrl] = useState('');
  const importMutation = useImport(wid);
  const fetchUrl = useFetchImportUrl(wid);
  const [urlError, setUrlError] = useState<string | null>(null);
  const busy = importMutation.isPending;
  const toggle = useWorkspaceStore((s) => s.toggleExpanded);
  const preview = useMemo(() => (text ? previewImport(text) : null), [text]);

  // The server fetches it (through its SSRF guard): the page itself may not (CSP), nor most sites allow it (CORS).
  const loadUrl = async () => {
    setUrlError(null);
    try {
      const res = await fetchUrl.mutateAsync(url.trim());
      setText(res.content);
      setFileName(res.filename);
    } catch (e) {
      setUrlError(e instanceof Error ? e.message : 'Could not fetch that URL');
    }
  };

  const doImport = async () => {
    try {
      const { collections: created } = await importMutation.mutateAsync({
        content: text,
        ...(fileName ? { filename: fileName } : {}),
      });
      for (const c of created) {
        toggle(c.id, true);
      }
      toast.success(created.length ? `Imported ${created.map((c) => c.name).join(', ')}` : 'Imported');
      setText('');
      setFileName('');
      onClose();
    } catch {
      // toast already shown with the server's message
    }
  };

  return (
    <Dialog open={open} onClose={onClose} title="Import" wide>
      <div className="flex flex-col gap-3">
        <Field label="File (Postman, OpenAPI/Swagger, Insomnia, HAR)">
          <input
            type="file"
            className={fileInputClass}
            accept=".json,.yaml,.yml,.har,.txt"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) {
                setFileName(f.name);
                setText(await f.text());
              }
            }}
          />
        </Field>
        <div className="flex items-end gap-2">
          <Field label="Or a URL">
            <Input
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://…/openapi.json"
            />
          </Field>
          <Button onClick={loadUrl} disabled={!url.trim() || fetchUrl.isPending}>
            {fetchUrl.isPending ? 'Fetching…' : 'Fetch'}
          </Button>
        </div>
        {urlError ? (
          <p role="alert" className="text-sm text-red-600" data-testid="import-url-error">
            {urlError}
          </p>
        ) : null}
        <Field label="Or paste (JSON, YAML or a cURL command)">
          <textarea
            className="h-40 rounded border border-zinc-300 p-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setFileName('');
            }}
          />
        </Field>
        {preview ? (
          'error' in preview ? (
            <p role="alert" className="text-red-600 dark:text-red-400">
              {preview.error}
            </p>
          ) : (
            <div
              className="rounded border border-zinc-200 p-3 dark:border-zinc-700"
              data-testid="import-preview"
            >
              <p>
                <b>{preview.format}</b>: “{preview.name}” — {preview.requests} request
                {preview.requests === 1 ? '' : 's'}
                {preview.folders ? `, ${preview.folders} folder${preview.folders === 1 ? '' : 's'}` : ''}
              </p>
              {preview.sample.length ? (
                <ul className="mt-1 list-disc pl-5 text-sm text-zinc-600 dark:text-zinc-400">
                  {preview.sample.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          )
        ) : null}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={!preview || 'error' in preview || busy} onClick={doImport}>
            {busy ? 'Importing…' : 'Import'}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
