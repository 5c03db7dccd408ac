import { useState } from 'react';
import { useApiKeyMutations, useApiKeys } from '../../api/hooks/api-keys';
import { Button } from '../../components/ui/button';
import { Field, Input, Select } from '../../components/ui/input';
import { type Theme, useSettingsStore } from '../../stores/settings-store';
import { toast } from '../../stores/toast-store';

function ApiKeys() {
  const keys = useApiKeys();
  const { create, revoke } = useApiKeyMutations();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  return (
    <section aria-labelledby="keys-h" className="flex flex-col gap-2">
      <h2 id="keys-h" className="font-semibold">
        API keys
      </h2>
      <p className="text-sm text-zinc-500">
        For the CLI and CI: `Authorization: Bearer apk_…` or `X-API-Key`.
      </p>
      <form
        className="flex items-end gap-2"
        onSubmit={async (e) => {
          e.preventDefault();
          const res = await create.mutateAsync({
            name,
            ...(expires ? { expiresAt: new Date(`${expires}T23:59:59Z`).toISOString() } : {}),
          });
          setCreated(res.key);
          setName('');
        }}
      >
        <Field label="Key name">
          <Input required value={name} onChange={(e) => setName(e.target.value)} placeholder="CI" />
        </Field>
        <Field label="Expires (optional)">
          <Input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </Field>
        <Button type="submit" variant="primary">
          Create key
        </Button>
      </form>
      {created ? (
        <div
          className="rounded border border-amber-300 bg-amber-50 p-2 text-sm dark:border-amber-700 dark:bg-amber-950"
          role="status"
        >
          Copy this key now, it will not be shown again:{' '}
          <code className="break-all" data-testid="new-api-key">
            {created}
          </code>{' '}
          <Button
            size="sm"
            onClick={async () => {
              await navigator.clipboard?.writeText(created);
              toast.success('Key copied');
            }}
          >
            Copy
          </Button>
        </div>
      ) : null}
      <table className="w-full text-sm" aria-label="API keys">
        <thead>
          <tr className="text-left text-xs text-zinc-500">
            <th>Name</th>
            <th>Prefix</th>
            <th>Created</th>
            <th>Last used</th>
            <th>Expires</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {keys.data?.map((k) => (
            <tr key={k.id} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-1">{k.name}</td>
              <td className="font-mono">{k.prefix}…</td>
              <td>{k.createdAt ? new Date(k.createdAt).toLocaleDateString() : ''}</td>
              <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'never'}</td>
              <td>{k.expiresAt ? new Date(k.expiresAt).toLocaleDateString() : 'never'}</td>
              <td>
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={async () => {
                    if (window.confirm(`Revoke key “${k.name}”?`)) {
                      await revoke.mutateAsync(k.id);
                    }
                  }}
                >
                  Revoke
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Theme, font size, request defaults and API keys. */
export function SettingsPage() {
  const s = useSettingsStore();
  return (
    <div className="flex max-w-3xl flex-col gap-6 overflow-auto p-4">
      <section aria-labelledby="appearance-h" className="flex flex-col gap-3">
        <h1 id="appearance-h" className="text-lg font-semibold">
          Settings
        </h1>
        <Field label="Theme">
          <Select value={s.theme} onChange={(e) => s.setTheme(e.target.value as Theme)}>
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </Select>
        </Field>
        <Field label={`Font size (${s.fontSize}px)`}>
          <input
            type="range"
            min={10}
            max={22}
            value={s.fontSize}
            onChange={(e) => s.setFontSize(Number(e.target.value))}
          />
        </Field>
        <Field label="Default timeout (ms)">
          <Input
            type="number"
            min={0}
            className="w-40"
            value={s.timeoutMs}
            onChange={(e) => s.setTimeoutMs(Number(e.target.value))}
          />
        </Field>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={s.followRedirects}
            onChange={(e) => s.setFollowRedirects(e.target.checked)}
          />
          Follow redirects by default
        </label>
      </section>
      <ApiKeys />
    </div>
  );
}
