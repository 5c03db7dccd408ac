import { type TApiKeyScope, ZApiKeyScope } from '@apiplay/core';
import { Copy, KeyRound, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useApiKeyMutations, useApiKeys } from '../../api/hooks/api-keys';
import { useWorkspaces } from '../../api/hooks/workspaces';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { Field, Input, Select } from '../../components/ui/input';
import { confirmAction } from '../../stores/confirm-store';
import { toast } from '../../stores/toast-store';

const scopeHelp: Record<TApiKeyScope, string> = {
  read: 'read',
  write: 'change',
  execute: 'send requests and start runs',
  admin: 'create keys; instance administration (admins)',
};

/** The signed-in user's API keys for the CLI and CI: create (shown once) with scopes, see when used, revoke. */
export function ApiKeysPage() {
  const keys = useApiKeys();
  const { create, revoke } = useApiKeyMutations();
  const { data: workspaces } = useWorkspaces();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [scopes, setScopes] = useState<TApiKeyScope[]>(['read', 'write', 'execute']);
  const [workspaceId, setWorkspaceId] = useState('');
  const workspaceName = (id: string | null) =>
    id === null ? 'all' : (workspaces?.find((w) => w.id === id)?.name ?? id.slice(0, 8));
  const [created, setCreated] = useState<string | null>(null);
  const origin = typeof location === 'undefined' ? '' : location.origin;
  return (
    <div className="flex h-full min-h-0 max-w-4xl flex-col gap-6 overflow-auto p-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-lg font-semibold">API keys</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Keys act as you in every workspace you belong to (or only the one you choose), limited to their
          scopes: a missing scope is a 403 naming it, and only keys with <code>admin</code> may create keys.
          Send one as <code>Authorization: Bearer apk_…</code> or <code>X-API-Key</code>, or run a stored
          collection from CI:{' '}
          <code className="break-all">
            apiplay run --server {origin} --api-key apk_… --collection &lt;id&gt;
          </code>
        </p>
      </div>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={async (e) => {
          e.preventDefault();
          const res = await create.mutateAsync({
            name,
            scopes,
            ...(workspaceId ? { workspaceId } : {}),
            ...(expires ? { expiresAt: new Date(`${expires}T23:59:59Z`).toISOString() } : {}),
          });
          setCreated(res.key);
          setName('');
          setExpires('');
        }}
      >
        <Field label="Key name">
          <Input
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="CI"
          />
        </Field>
        <Field label="Expires (optional)">
          <Input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </Field>
        <Field label="Workspace">
          <Select value={workspaceId} onChange={(e) => setWorkspaceId(e.target.value)}>
            <option value="">All my workspaces</option>
            {workspaces?.map((w) => (
              <option key={w.id} value={w.id}>
                Only {w.name}
              </option>
            ))}
          </Select>
        </Field>
        <fieldset className="flex gap-2 text-sm">
          <legend className="mb-1 text-sm text-zinc-600 dark:text-zinc-400">Scopes</legend>
          {ZApiKeyScope.options.map((s) => (
            <label key={s} className="flex items-center gap-1" title={scopeHelp[s]}>
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
              />
              {s}
            </label>
          ))}
        </fieldset>
        <Button type="submit" variant="primary" disabled={create.isPending || scopes.length === 0}>
          <KeyRound aria-hidden className="h-4 w-4" /> Create key
        </Button>
      </form>
      {created ? (
        <div
          className="flex flex-wrap items-center gap-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950"
          role="status"
        >
          <span>Copy this key now, it will not be shown again:</span>
          <code className="break-all" data-testid="new-api-key">
            {created}
          </code>
          <Button
            size="sm"
            onClick={async () => {
              await navigator.clipboard?.writeText(created);
              toast.success('Key copied');
            }}
          >
            <Copy aria-hidden className="h-3.5 w-3.5" /> Copy
          </Button>
        </div>
      ) : null}
      {keys.isSuccess && keys.data.length === 0 ? (
        <EmptyState icon={KeyRound} title="No API keys">
          Create one for the CLI or your CI pipeline; it is shown once, then only its prefix.
        </EmptyState>
      ) : (
        <table className="w-full text-sm" aria-label="API keys">
          <thead>
            <tr className="text-left text-xs text-zinc-600 dark:text-zinc-400">
              <th className="py-1 pr-3 font-medium">Name</th>
              <th className="py-1 pr-3 font-medium">Prefix</th>
              <th className="py-1 pr-3 font-medium">Created</th>
              <th className="py-1 pr-3 font-medium">Last used</th>
              <th className="py-1 pr-3 font-medium">Expires</th>
              <th className="py-1 pr-3 font-medium">Scopes</th>
              <th className="py-1 pr-3 font-medium">Workspace</th>
              <th className="py-1 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data?.map((k) => (
              <tr key={k.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-1.5 pr-3">{k.name}</td>
                <td className="py-1.5 pr-3 font-mono">{k.prefix}…</td>
                <td className="py-1.5 pr-3">
                  {k.createdAt ? new Date(k.createdAt).toLocaleDateString() : ''}
                </td>
                <td className="py-1.5 pr-3">
                  {k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'never'}
                </td>
                <td className="py-1.5 pr-3">
                  {k.expiresAt ? new Date(k.expiresAt).toLocaleDateString() : 'never'}
                </td>
                <td className="py-1.5 pr-3">{k.scopes.join(', ')}</td>
                <td className="py-1.5 pr-3">{workspaceName(k.workspaceId)}</td>
                <td className="py-1.5 text-right">
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={async () => {
                      if (
                        await confirmAction({
                          title: `Revoke “${k.name}”?`,
                          message: 'Anything using this key stops working at once.',
                          confirmLabel: 'Revoke',
                          danger: true,
                        })
                      ) {
                        await revoke.mutateAsync(k.id);
                        toast.success('Key revoked');
                      }
                    }}
                  >
                    <Trash2 aria-hidden className="h-3.5 w-3.5" /> Revoke
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
