import type { TAdminAuditQueryInput } from '@apiplay/core';
import { useState } from 'react';
import { useExportAudit, useInstanceAudit, useVerifyAudit } from '../../api/hooks/admin';
import { Button } from '../../components/ui/button';
import { Field, Input } from '../../components/ui/input';
import { toast } from '../../stores/toast-store';

interface Filters {
  action: string;
  actorId: string;
  workspaceId: string;
  from: string;
  to: string;
}

const empty: Filters = { action: '', actorId: '', workspaceId: '', from: '', to: '' };

/** Date inputs give a day; the API takes instants (UTC midnight). */
function toQuery(f: Filters): Omit<TAdminAuditQueryInput, 'cursor' | 'limit'> {
  return {
    ...(f.action ? { action: f.action.trim() } : {}),
    ...(f.actorId ? { actorId: f.actorId.trim() } : {}),
    ...(f.workspaceId ? { workspaceId: f.workspaceId.trim() } : {}),
    ...(f.from ? { from: new Date(`${f.from}T00:00:00Z`).toISOString() } : {}),
    ...(f.to ? { to: new Date(`${f.to}T00:00:00Z`).toISOString() } : {}),
  };
}

function save(blob: Blob, format: 'jsonl' | 'csv') {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `audit-${new Date().toISOString().slice(0, 10)}.${format}`;
  a.click();
  URL.revokeObjectURL(url);
}

/** The instance-wide audit log: filters, pages (cursor), export and the hash chain check. */
export function AuditPanel() {
  const [draft, setDraft] = useState<Filters>(empty);
  const [filters, setFilters] = useState<Filters>(empty);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useInstanceAudit({ ...toQuery(filters), limit: 50, ...(cursor ? { cursor } : {}) });
  const verify = useVerifyAudit();
  const exporter = useExportAudit();
  const download = async (format: 'jsonl' | 'csv', f: Filters) =>
    save(await exporter.mutateAsync({ ...toQuery(f), format }), format);
  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [k]: e.target.value });
  return (
    <section aria-label="Audit log" className="flex flex-col gap-3">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
          setCursors([]);
        }}
      >
        <Field label="Action (or prefix, e.g. auth.)">
          <Input value={draft.action} onChange={set('action')} placeholder="auth." />
        </Field>
        <Field label="Actor id">
          <Input value={draft.actorId} onChange={set('actorId')} />
        </Field>
        <Field label="Workspace id">
          <Input value={draft.workspaceId} onChange={set('workspaceId')} />
        </Field>
        <Field label="From">
          <Input type="date" value={draft.from} onChange={set('from')} />
        </Field>
        <Field label="Before">
          <Input type="date" value={draft.to} onChange={set('to')} />
        </Field>
        <Button type="submit" variant="primary">
          Filter
        </Button>
      </form>
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" onClick={() => download('jsonl', filters)}>
          Export JSONL
        </Button>
        <Button size="sm" onClick={() => download('csv', filters)}>
          Export CSV
        </Button>
        <Button
          size="sm"
          onClick={async () => {
            const r = await verify.mutateAsync();
            if (r.ok) {
              toast.success(`Audit chain intact (${r.checked} events)`);
            }
          }}
        >
          Verify hash chain
        </Button>
        {verify.data && !verify.data.ok ? (
          <div role="alert" className="w-full rounded border border-red-400 p-2 text-sm text-red-700">
            <strong>Audit chain broken</strong>
            <ul className="list-disc pl-5">
              {verify.data.problems.map((p) => (
                <li key={`${p.kind}-${p.id}`}>{p.message}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      <table className="w-full text-sm" aria-label="Audit events">
        <thead>
          <tr className="text-left text-xs text-zinc-500 dark:text-zinc-400">
            <th>When</th>
            <th>Action</th>
            <th>Actor</th>
            <th>Workspace</th>
            <th>Target</th>
            <th>IP</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {page.data?.items.map((e) => (
            <tr key={e.id} className="border-t border-zinc-200 align-top dark:border-zinc-800">
              <td className="py-0.5 whitespace-nowrap">{new Date(e.createdAt).toLocaleString()}</td>
              <td className="font-mono">{e.action}</td>
              <td className="font-mono text-xs">{e.actorId ?? ''}</td>
              <td className="font-mono text-xs">{e.workspaceId ?? ''}</td>
              <td className="text-xs">{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : ''}</td>
              <td className="text-xs">{e.ip ?? ''}</td>
              <td
                className="max-w-xs truncate font-mono text-xs"
                title={e.meta ? JSON.stringify(e.meta) : ''}
              >
                {e.meta ? JSON.stringify(e.meta) : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex gap-2">
        <Button size="sm" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </Button>
        <Button
          size="sm"
          disabled={!page.data?.nextCursor}
          onClick={() => page.data?.nextCursor && setCursors([...cursors, page.data.nextCursor])}
        >
          Older
        </Button>
      </div>
    </section>
  );
}
