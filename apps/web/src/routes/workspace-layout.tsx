import { useEffect, useState } from 'react';
import { NavLink, Outlet, useNavigate, useParams } from 'react-router';
import { useSignOut } from '../api/hooks/auth';
import { useEnvironments } from '../api/hooks/environments';
import { useActiveEnvironment, useCreateWorkspace, useWorkspaces } from '../api/hooks/workspaces';
import { Button } from '../components/ui/button';
import { Dialog } from '../components/ui/dialog';
import { Field, Input, Select } from '../components/ui/input';
import { useLiveEvents } from '../features/live/use-live-events';
import { ShortcutHelp, useHelpShortcut } from '../features/shortcuts/shortcut-help';
import { useRole } from '../features/workspace/use-role';
import { useAuthStore } from '../stores/auth-store';
import { useWorkspaceStore } from '../stores/workspace-store';

const nav = [
  { to: '', label: 'Requests', end: true },
  { to: 'environments', label: 'Environments' },
  { to: 'runner', label: 'Runner' },
  { to: 'load', label: 'Load' },
  { to: 'members', label: 'Members' },
  { to: 'settings', label: 'Settings' },
];

function WorkspaceSwitcher({ wid }: { wid: string }) {
  const { data } = useWorkspaces();
  const navigate = useNavigate();
  const create = useCreateWorkspace();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  return (
    <>
      <Select
        aria-label="Workspace"
        value={wid}
        onChange={(e) => {
          if (e.target.value === '__new') {
            setOpen(true);
            return;
          }
          navigate(`/w/${e.target.value}`);
        }}
      >
        {data?.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
        <option value="__new">+ New workspace…</option>
      </Select>
      <Dialog open={open} onClose={() => setOpen(false)} title="New workspace">
        <form
          className="flex flex-col gap-3"
          onSubmit={async (e) => {
            e.preventDefault();
            const ws = await create.mutateAsync(name);
            setOpen(false);
            setName('');
            navigate(`/w/${ws.id}`);
          }}
        >
          <Field label="Workspace name">
            <Input required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          </Field>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Create
          </Button>
        </form>
      </Dialog>
    </>
  );
}

export function EnvironmentPicker({ wid }: { wid: string }) {
  const { data } = useEnvironments(wid);
  const { envId: active, setEnvId: setActive } = useActiveEnvironment(wid);
  const envs = data ?? [];
  return (
    <Select
      aria-label="Active environment"
      value={active ?? ''}
      onChange={(e) => setActive(e.target.value || null)}
    >
      <option value="">No environment</option>
      {envs.map((e) => (
        <option key={e.id} value={e.id}>
          {e.name}
        </option>
      ))}
    </Select>
  );
}

export function WorkspaceLayout() {
  const { wid = '' } = useParams();
  const setLast = useWorkspaceStore((s) => s.setLastWorkspace);
  const user = useAuthStore((s) => s.user);
  const role = useRole(wid);
  const [help, setHelp] = useHelpShortcut();
  useEffect(() => setLast(wid), [wid, setLast]);
  useLiveEvents(wid);

  const logout = useSignOut();

  return (
    <div className="flex h-full flex-col">
      <header className="flex items-center gap-2 border-b border-zinc-200 px-3 py-1.5 dark:border-zinc-800">
        <span className="inline-block h-4 w-4 rounded bg-orange-600" aria-hidden />
        <span className="mr-2 font-semibold whitespace-nowrap">API Playground</span>
        <WorkspaceSwitcher wid={wid} />
        {role === 'viewer' ? (
          <span
            className="rounded bg-zinc-200 px-2 py-0.5 text-xs dark:bg-zinc-700"
            data-testid="read-only-badge"
          >
            Read-only (viewer)
          </span>
        ) : null}
        <nav aria-label="Main" className="ml-2 flex gap-1">
          {nav.map((n) => (
            <NavLink
              key={n.label}
              to={n.to}
              end={n.end}
              className={({ isActive }) =>
                `rounded px-2 py-1 ${isActive ? 'bg-zinc-200 font-medium dark:bg-zinc-800' : 'hover:bg-zinc-100 dark:hover:bg-zinc-900'}`
              }
            >
              {n.label}
            </NavLink>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <EnvironmentPicker wid={wid} />
          <Button variant="ghost" aria-label="Keyboard shortcuts" onClick={() => setHelp(true)}>
            ?
          </Button>
          <span className="whitespace-nowrap text-zinc-500" title={user?.email}>
            {user?.name}
          </span>
          <Button variant="ghost" className="whitespace-nowrap" onClick={logout}>
            Sign out
          </Button>
        </div>
      </header>
      <div className="min-h-0 flex-1">
        <Outlet />
      </div>
      <ShortcutHelp open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
