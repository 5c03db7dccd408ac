import { featureFlags, type TFeatureFlag, type TInstanceSettings, type TSignupPolicy } from '@apiplay/core';
import { useEffect, useState } from 'react';
import { useInstanceSettings, useUpdateInstanceSettings } from '../../api/hooks/admin';
import { Button } from '../../components/ui/button';
import { Field, Input, Select } from '../../components/ui/input';
import { toast } from '../../stores/toast-store';

const moduleNames: Record<TFeatureFlag, string> = {
  import: 'Import (Postman, OpenAPI, HAR, …)',
  export: 'Collection export',
  codegen: 'Code generation',
  runs: 'Collection runs on the server',
};

/** Instance settings: each shows whether it follows the environment default or was set here. */
export function SettingsPanel() {
  const settings = useInstanceSettings();
  const save = useUpdateInstanceSettings();
  const [draft, setDraft] = useState<TInstanceSettings | null>(null);
  const [domains, setDomains] = useState('');
  useEffect(() => {
    if (settings.data) {
      setDraft(settings.data.settings);
      setDomains(settings.data.settings.allowedEmailDomains.join(', '));
    }
  }, [settings.data]);
  if (!settings.data || !draft) {
    return <p role="status">Loading…</p>;
  }
  const overridden = new Set(settings.data.overridden);
  const source = (key: string) => (
    <span className="text-xs text-zinc-500 dark:text-zinc-400">
      {overridden.has(key) ? 'set here' : 'environment default'}
    </span>
  );
  return (
    <form
      aria-label="Instance settings"
      className="flex max-w-xl flex-col gap-4"
      onSubmit={async (e) => {
        e.preventDefault();
        await save.mutateAsync({
          signupPolicy: draft.signupPolicy,
          allowedEmailDomains: domains
            .split(',')
            .map((d) => d.trim())
            .filter((d) => d !== ''),
          passwordSignIn: draft.passwordSignIn,
          defaultHistoryRetentionDays: draft.defaultHistoryRetentionDays,
          features: draft.features,
        });
        toast.success('Settings saved');
      }}
    >
      <Field label="Who may sign up">
        <Select
          value={draft.signupPolicy}
          onChange={(e) => setDraft({ ...draft, signupPolicy: e.target.value as TSignupPolicy })}
        >
          <option value="open">Anyone</option>
          <option value="invite-only">Invited addresses only</option>
          <option value="domains">Addresses at the allowed domains</option>
        </Select>
      </Field>
      {source('signupPolicy')}
      <Field label="Allowed email domains (comma-separated)">
        <Input value={domains} onChange={(e) => setDomains(e.target.value)} placeholder="example.com" />
      </Field>
      {source('allowedEmailDomains')}
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={draft.passwordSignIn}
          onChange={(e) => setDraft({ ...draft, passwordSignIn: e.target.checked })}
        />
        Password sign-in (off leaves only single sign-on) {source('passwordSignIn')}
      </label>
      <Field label="Default history retention (days)">
        <Input
          type="number"
          min={1}
          max={3650}
          className="w-32"
          value={draft.defaultHistoryRetentionDays}
          onChange={(e) => setDraft({ ...draft, defaultHistoryRetentionDays: Number(e.target.value) })}
        />
      </Field>
      {source('defaultHistoryRetentionDays')}
      <fieldset className="flex flex-col gap-1">
        <legend className="font-medium">Modules {source('features')}</legend>
        {featureFlags.map((f) => (
          <label key={f} className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={draft.features[f]}
              onChange={(e) => setDraft({ ...draft, features: { ...draft.features, [f]: e.target.checked } })}
            />
            {moduleNames[f]}
          </label>
        ))}
      </fieldset>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          Save settings
        </Button>
        <Button
          type="button"
          onClick={async () => {
            await save.mutateAsync({
              signupPolicy: null,
              allowedEmailDomains: null,
              passwordSignIn: null,
              defaultHistoryRetentionDays: null,
              features: null,
            });
            toast.success('Back to the environment defaults');
          }}
        >
          Reset to environment defaults
        </Button>
      </div>
    </form>
  );
}
