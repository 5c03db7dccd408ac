import type { THistoryEntry } from '@apiplay/core';
import { Download, ExternalLink, Trash2 } from 'lucide-react';
import { useHistoryMutations } from '../../api/hooks/history';
import { AssertionLine } from '../../components/ui/assertion-line';
import { Button } from '../../components/ui/button';
import { statusColor } from '../../lib/http-status';
import { prettyJson } from '../../lib/pretty-json';
import { blankRequest } from '../../lib/request-defaults';
import { saveFile } from '../../lib/save-file';
import { confirmAction } from '../../stores/confirm-store';
import { useTabsStore } from '../../stores/tabs-store';
import { toRequest } from './history-panel';

function Headers({ pairs }: { pairs: readonly { key: string; value: string }[] }) {
  if (pairs.length === 0) {
    return <p className="text-zinc-600 dark:text-zinc-400">No headers</p>;
  }
  return (
    <pre className="overflow-auto rounded bg-zinc-100 p-2 font-mono text-xs whitespace-pre-wrap dark:bg-zinc-900">
      {pairs.map((h) => `${h.key}: ${h.value}`).join('\n')}
    </pre>
  );
}

/** One history entry: what was sent, what came back, the tests; open it again as a tab, download, delete. */
export function HistoryEntryView({
  wid,
  entry,
  canEdit,
  onDeleted,
  onOpened,
}: {
  wid: string;
  entry: THistoryEntry;
  canEdit: boolean;
  onDeleted: () => void;
  onOpened: () => void;
}) {
  const openNew = useTabsStore((s) => s.openNew);
  const { deleteEntry, downloadBody } = useHistoryMutations(wid);
  const res = entry.response;
  return (
    <article className="flex flex-col gap-4 text-sm" aria-label="History entry">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono font-semibold">{entry.method}</span>
        <span className="min-w-0 flex-1 truncate font-mono" title={entry.url}>
          {entry.url}
        </span>
        <Button
          size="sm"
          onClick={() => {
            openNew(wid, blankRequest(toRequest(entry)));
            onOpened();
          }}
        >
          <ExternalLink aria-hidden className="h-3.5 w-3.5" /> Open in a tab
        </Button>
        {canEdit ? (
          <Button
            size="sm"
            variant="ghost"
            aria-label="Delete entry"
            onClick={async () => {
              if (
                await confirmAction({ title: 'Delete this entry?', confirmLabel: 'Delete', danger: true })
              ) {
                await deleteEntry.mutateAsync(entry.id);
                onDeleted();
              }
            }}
          >
            <Trash2 aria-hidden className="h-3.5 w-3.5" />
          </Button>
        ) : null}
      </div>
      <p className="text-zinc-600 dark:text-zinc-400">
        {new Date(entry.createdAt).toLocaleString()}
        {entry.runId ? ' · from a collection run' : ''}
        {entry.durationMs !== null ? ` · ${entry.durationMs} ms` : ''}
      </p>
      <section className="flex flex-col gap-1">
        <h3 className="font-semibold">Request headers</h3>
        <Headers pairs={entry.request.headers} />
        {entry.request.body ? (
          <>
            <h3 className="mt-2 font-semibold">Request body</h3>
            <pre
              role="document"
              aria-label="Request body"
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a long body must be scrollable with the keyboard
              tabIndex={0}
              className="max-h-48 overflow-auto rounded bg-zinc-100 p-2 font-mono text-xs whitespace-pre-wrap dark:bg-zinc-900"
            >
              {entry.request.body}
            </pre>
          </>
        ) : null}
      </section>
      <section className="flex flex-col gap-1">
        <h3 className="font-semibold">
          Response{' '}
          {res ? (
            <span className={statusColor(res.status)}>
              {res.status} {res.statusText}
            </span>
          ) : (
            <span className="text-red-700 dark:text-red-400">{entry.error?.message ?? 'no response'}</span>
          )}
        </h3>
        {res ? <Headers pairs={res.headers} /> : null}
        {entry.body !== null ? <h3 className="mt-2 font-semibold">Body</h3> : null}
        {entry.body !== null ? (
          <pre
            role="document"
            aria-label="Response body"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a long body must be scrollable with the keyboard
            tabIndex={0}
            className="max-h-72 overflow-auto rounded bg-zinc-100 p-2 font-mono text-xs whitespace-pre-wrap dark:bg-zinc-900"
          >
            {res?.bodyEncoding === 'base64' ? `(binary, ${res.size} bytes)` : prettyJson(entry.body)}
          </pre>
        ) : null}
        {res && (entry.bodyStored || entry.body !== null) ? (
          <Button
            size="sm"
            className="self-start"
            onClick={async () => saveFile('response-body', await downloadBody.mutateAsync(entry.id))}
          >
            <Download aria-hidden className="h-3.5 w-3.5" /> Download body
          </Button>
        ) : null}
      </section>
      {entry.assertions.length > 0 ? (
        <section className="flex flex-col gap-1">
          <h3 className="font-semibold">Tests</h3>
          <ul>
            {entry.assertions.map((a, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: names repeat
              <AssertionLine key={i} assertion={a} as="li" />
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
