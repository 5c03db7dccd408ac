import { Link, useParams } from 'react-router';
import { Field, Input, Select } from '../../components/ui/input';
import { type Theme, useSettingsStore } from '../../stores/settings-store';
import { useCanEdit } from '../workspace/use-role';
import { StoredFiles } from './stored-files';

/** Theme, font size, request defaults and the workspace's stored files (API keys have their own page). */
export function SettingsPage() {
  const { wid = '' } = useParams();
  const s = useSettingsStore();
  const canEdit = useCanEdit(wid);
  return (
    <div className="flex max-w-3xl flex-col gap-6 overflow-auto p-6">
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
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Keys for the CLI and CI are on the{' '}
        <Link className="text-orange-800 underline dark:text-orange-300" to={`/w/${wid}/api-keys`}>
          API keys
        </Link>{' '}
        page.
      </p>
      {wid ? <StoredFiles wid={wid} canEdit={canEdit} /> : null}
    </div>
  );
}
