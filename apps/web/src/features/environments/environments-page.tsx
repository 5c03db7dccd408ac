import type { TVariable } from '@apiplay/core';
import { Plus } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router';
import {
  useEnvironment,
  useEnvironmentMutations,
  useEnvironments,
  useGlobals,
} from '../../api/hooks/environments';
import { useActiveEnvironment } from '../../api/hooks/workspaces';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { confirmAction, promptText } from '../../stores/confirm-store';
import { toast } from '../../stores/toast-store';
import { useCanEdit } from '../workspace/use-role';

function VariablesTable({
  rows,
  onChange,
  readOnly,
  revealed,
  onReveal,
}: {
  onReveal: () => void;
  rows: TVariable[];
  onChange: (rows: TVariable[]) => void;
  readOnly: boolean;
  revealed: boolean;
}) {
  const [shown, setShown] = useState<Record<number, boolean>>({});
  const all = readOnly ? rows : [...rows, { key: '', value: '', enabled: true, secret: false }];
  const set = (i: number, patch: Partial<TVariable>) => {
    const next = [...rows];
    next[i] = { ...(next[i] ?? { key: '', value: '', enabled: true, secret: false }), ...patch };
    onChange(next);
  };
  return (
    <table className="w-full text-sm" aria-label="Variables">
      <thead>
        <tr className="text-left text-xs text-zinc-500 dark:text-zinc-400">
          <th className="w-16 font-normal">On</th>
          <th className="font-normal">Variable</th>
          <th className="font-normal">Value</th>
          <th className="w-20 font-normal">Secret</th>
          <th
            className="font-normal"
            title="Hosts a secret may be sent to, comma-separated (empty: any host)"
          >
            Allowed hosts
          </th>
          <th className="w-10" />
        </tr>
      </thead>
      <tbody>
        {all.map((v, i) => {
          const isNew = i === rows.length;
          const masked = v.secret && !revealed && !shown[i];
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: positional rows
            <tr key={i} className="border-t border-zinc-200 dark:border-zinc-800">
              <td>
                {isNew ? null : (
                  <input
                    type="checkbox"
                    aria-label={`Enable ${v.key}`}
                    checked={v.enabled}
                    disabled={readOnly}
                    onChange={(e) => set(i, { enabled: e.target.checked })}
                  />
                )}
              </td>
              <td>
                <input
                  className="w-full bg-transparent px-1 font-mono"
                  aria-label={`Variable name ${i + 1}`}
                  placeholder="name"
                  value={v.key}
                  readOnly={readOnly}
                  onChange={(e) => set(i, { key: e.target.value })}
                />
              </td>
              <td className="flex items-center gap-1">
                <input
                  className="w-full bg-transparent px-1 font-mono"
                  aria-label={`Variable value ${i + 1}`}
                  placeholder="value"
                  type={masked ? 'password' : 'text'}
                  value={v.value}
                  readOnly={readOnly || masked}
                  onChange={(e) => set(i, { value: e.target.value })}
                />
                {v.secret && !isNew ? (
                  <button
                    type="button"
                    className="mr-2 text-xs text-orange-700 dark:text-orange-400"
                    aria-label={shown[i] ? `Hide ${v.key}` : `Reveal ${v.key}`}
                    onClick={() => {
                      setShown((s) => ({ ...s, [i]: !s[i] }));
                      onReveal();
                    }}
                  >
                    {shown[i] ? 'Hide' : 'Reveal'}
                  </button>
                ) : null}
              </td>
              <td>
                {isNew ? null : (
                  <input
                    type="checkbox"
                    aria-label={`Secret ${v.key}`}
                    checked={v.secret}
                    disabled={readOnly}
                    onChange={(e) => set(i, { secret: e.target.checked })}
                  />
                )}
              </td>
              <td>
                {isNew || !v.secret ? null : (
                  <input
                    // Parsed when the field is left, so typing "a.com, " is not rewritten under the cursor.
                    key={v.allowedHosts?.join(',') ?? ''}
                    className="w-full bg-transparent px-1 font-mono text-xs"
                    aria-label={`Allowed hosts ${v.key}`}
                    placeholder="any host"
                    defaultValue={v.allowedHosts?.join(', ') ?? ''}
                    readOnly={readOnly}
                    onBlur={(e) => {
                      const hosts = e.target.value
                        .split(',')
                        .map((h) => h.trim())
                        .filter((h) => h !== '');
                      const { allowedHosts: _old, ...row } = v;
                      const next = [...rows];
                      next[i] = hosts.length > 0 ? { ...row, allowedHosts: hosts } : row;
                      onChange(next);
                    }}
                  />
                )}
              </td>
              <td>
                {isNew || readOnly ? null : (
                  <button
                    type="button"
                    aria-label={`Remove ${v.key}`}
                    className="text-zinc-500 dark:text-zinc-400 hover:text-red-600"
                    onClick={() => onChange(rows.filter((_, j) => j !== i))}
                  >
                    ×
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function EnvironmentEditor({
  wid,
  id,
  readOnly,
  globals,
}: {
  wid: string;
  id: string;
  readOnly: boolean;
  globals: boolean;
}) {
  const [reveal, setReveal] = useState(false);
  const envQuery = useEnvironment(globals ? null : id, reveal);
  const globalsQuery = useGlobals(wid, reveal, globals);
  const env = globals ? globalsQuery : envQuery;
  const { update, remove, putGlobals } = useEnvironmentMutations(wid);
  const [name, setName] = useState('');
  const [rows, setRows] = useState<TVariable[]>([]);
  const [dirty, setDirty] = useState(false);
  // Refetches (live events, our own save) must not wipe edits in progress: adopt server data only when clean.
  const dirtyRef = useRef(false);
  dirtyRef.current = dirty;
  useEffect(() => {
    if (env.data && !dirtyRef.current) {
      setName(env.data.name);
      setRows(env.data.variables);
    }
  }, [env.data]);
  if (!env.data) {
    return <p className="p-4 text-zinc-500 dark:text-zinc-400">Loading…</p>;
  }
  return (
    <div className="flex flex-col gap-3 p-4">
      <div className="flex items-center gap-2">
        <Input
          aria-label="Environment name"
          className="max-w-xs font-medium"
          value={name}
          readOnly={readOnly || globals}
          onChange={(e) => {
            setName(e.target.value);
            setDirty(true);
          }}
        />
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
          Reveal secrets
        </label>
        <div className="ml-auto flex gap-2">
          {!globals ? (
            <Button
              variant="danger"
              disabled={readOnly}
              onClick={async () => {
                const confirmed = await confirmAction({
                  title: `Delete environment “${env.data?.name ?? ''}”?`,
                  message: 'Its variables and secrets are deleted for everyone.',
                  confirmLabel: 'Delete',
                  danger: true,
                });
                if (confirmed) {
                  remove.mutate(id);
                }
              }}
            >
              Delete
            </Button>
          ) : null}
          <Button
            variant="primary"
            disabled={readOnly || !dirty}
            onClick={async () => {
              // Unrevealed secrets go back masked; the server keeps their stored values.
              if (globals) {
                await putGlobals.mutateAsync(rows);
              } else {
                await update.mutateAsync({ id, patch: { name, variables: rows } });
              }
              toast.success('Environment saved');
              setDirty(false);
            }}
          >
            Save
          </Button>
        </div>
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {globals
          ? 'Workspace globals: used in every request and run, whatever the environment; a variable of the same name in the chosen environment wins.'
          : 'Used where this environment is chosen (at the top of the app, in the Runner or on the Load page); its variables win over globals.'}
        {rows.length === 0 ? ' No variables yet: type a name in the empty row to add one.' : ''}
      </p>
      <VariablesTable
        rows={rows}
        readOnly={readOnly}
        revealed={reveal}
        onReveal={() => setReveal(true)}
        onChange={(r) => {
          setRows(r);
          setDirty(true);
        }}
      />
    </div>
  );
}

/** Environments and workspace globals: variables with secret masking and reveal. */
export function EnvironmentsPage() {
  const { wid = '' } = useParams();
  const { data: list } = useEnvironments(wid);
  const { data: globalsDoc } = useGlobals(wid);
  // Globals live at their own endpoint; they are the first entry here.
  const envs = useMemo(() => [...(globalsDoc ? [globalsDoc] : []), ...(list ?? [])], [globalsDoc, list]);
  const { create } = useEnvironmentMutations(wid);
  const canEdit = useCanEdit(wid);
  const { envId: activeEnv, setEnvId: setActive } = useActiveEnvironment(wid);
  const [selected, setSelected] = useState<string | null>(null);
  const current = selected ?? envs[0]?.id ?? null;
  return (
    <div className="grid h-full grid-cols-[16rem_1fr]">
      <nav
        aria-label="Environments"
        className="flex flex-col gap-1 border-r border-zinc-200 p-2 dark:border-zinc-800"
      >
        <Button
          size="sm"
          disabled={!canEdit}
          onClick={async () => {
            const name = await promptText({
              title: 'New environment',
              input: { label: 'Name', initial: 'Development' },
              confirmLabel: 'Create',
            });
            if (name) {
              const env = await create.mutateAsync({ name });
              setSelected(env.id);
            }
          }}
        >
          <Plus aria-hidden className="h-4 w-4" /> Environment
        </Button>
        <ul className="mt-2 flex flex-col">
          {envs.map((e) => (
            <li key={e.id} className="flex items-center">
              <button
                type="button"
                aria-current={current === e.id}
                onClick={() => setSelected(e.id)}
                className={`flex-1 rounded px-2 py-1 text-left ${current === e.id ? 'bg-zinc-200 dark:bg-zinc-800' : 'hover:bg-zinc-100 dark:hover:bg-zinc-900'}`}
              >
                {e.kind === 'globals' ? 'Globals' : e.name}
              </button>
              {e.kind !== 'globals' ? (
                <button
                  type="button"
                  className={`px-1 text-xs ${activeEnv === e.id ? 'text-orange-700 dark:text-orange-400' : 'text-zinc-600 dark:text-zinc-400'}`}
                  aria-label={activeEnv === e.id ? `${e.name} is active` : `Use ${e.name}`}
                  aria-pressed={activeEnv === e.id}
                  onClick={() => setActive(activeEnv === e.id ? null : e.id)}
                >
                  {activeEnv === e.id ? '● active' : 'use'}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </nav>
      <section className="min-h-0 overflow-auto">
        {current ? (
          <EnvironmentEditor
            key={current}
            wid={wid}
            id={current}
            readOnly={!canEdit}
            globals={envs.find((e) => e.id === current)?.kind === 'globals'}
          />
        ) : (
          <p className="p-4 text-zinc-500 dark:text-zinc-400">No environments yet.</p>
        )}
      </section>
    </div>
  );
}
