import {
  Clock,
  Gauge,
  Keyboard,
  KeyRound,
  Layers,
  ListChecks,
  LogOut,
  Play,
  Send,
  Settings as SettingsIcon,
  Shield,
  Users,
} from 'lucide-react';
import { useEffect, useState } from 'react';
import { NavLink, Outlet, useNavigate, useParams } from 'react-router';
import { useMe, useSignOut } from '../api/hooks/auth';
import { useEnvironments } from '../api/hooks/environments';
import { usePublicSettings } from '../api/hooks/settings';
import { useActiveEnvironment, useCreateWorkspace, useWorkspaces } from '../api/hooks/workspaces';
import { Button } from '../components/ui/button';
import { Dialog } from '../components/ui/dialog';
import { Field, Input, Select } from '../components/ui/input';
import { useLiveEvents } from '../features/live/use-live-events';
import { ShortcutHelp, useHelpShortcut } from '../features/shortcuts/shortcut-help';
import { isTyping } from '../features/shortcuts/shortcuts';
import { useRole } from '../features/workspace/use-role';
import { useAuthStore } from '../stores/auth-store';
import { useWorkspaceStore } from '../stores/workspace-store';

/** The workspace's screens; Alt + 1…9 opens them in this order (see shortcuts.ts). */
const nav = [
  { to: '', label: 'Requests', end: true, Icon: Send },
  { to: 'environments', label: 'Environments', Icon: Layers },
  { to: 'runner', label: 'Runner', Icon: Play, feature: 'runs' as const },
  { to: 'runs', label: 'Runs', Icon: ListChecks, feature: 'runs' as const },
  { to: 'load', label: 'Load', Icon: Gauge },
  { to: 'history', label: 'History', Icon: Clock },
  { to: 'members', label: 'Members', Icon: Users },
  { to: 'api-keys', label: 'API keys', Icon: KeyRound },
  { to: 'settings', label: 'Settings', Icon: SettingsIcon },
];

/** Alt + digit switches screens (not while typing: Alt+digit may type a character on some layouts). */
function useNavShortcuts(wid: string) {
  const navigate = useNavigate();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || isTyping(e)) {
        return;
      }
      const item = /^Digit([1-9])$/.test(e.code) ? nav[Number(e.code.slice(5)) - 1] : undefined;
      if (item) {
        e.preventDefault();
        navigate(`/w/${wid}${item.to ? `/${item.to}` : ''}`);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [wid, navigate]);
}

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
        // A long workspace name must not push the main navigation out of the header.
        className="max-w-48 truncate"
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
  useNavShortcuts(wid);

  const logout = useSignOut();
  const me = useMe();
  const settings = usePublicSettings();

  return (
    <div className="flex h-full flex-col">
      <header className="flex items-center gap-2 border-b border-zinc-200 px-3 py-1.5 dark:border-zinc-800">
        <span className="inline-block h-4 w-4 rounded bg-orange-600" aria-hidden />
        <span className="mr-2 hidden font-semibold whitespace-nowrap 2xl:inline">API Playground</span>
        <WorkspaceSwitcher wid={wid} />
        {role === 'viewer' ? (
          <span
            className="rounded bg-zinc-200 px-2 py-0.5 text-xs whitespace-nowrap dark:bg-zinc-700"
            data-testid="read-only-badge"
            title="You are a viewer in this workspace: you cannot change its collections, environments or settings"
          >
            Read-only
          </span>
        ) : null}
        <nav aria-label="Main" className="ml-2 flex min-w-0 gap-0.5 overflow-x-auto">
          {nav
            .filter((n) => n.feature === undefined || settings.data?.features[n.feature] !== false)
            .map((n) => (
              <NavLink
                key={n.label}
                to={n.to}
                end={n.end}
                title={`${n.label} (Alt+${nav.indexOf(n) + 1})`}
                className={({ isActive }) =>
                  `inline-flex items-center gap-1.5 rounded px-2 py-1 whitespace-nowrap ${isActive ? 'bg-zinc-200 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50' : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-900'}`
                }
              >
                <n.Icon aria-hidden className="h-4 w-4 shrink-0" />
                {n.label}
              </NavLink>
            ))}
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <EnvironmentPicker wid={wid} />
          {me.data?.isAdmin ? (
            <NavLink
              to="/admin"
              aria-label="Admin"
              title="Instance administration"
              className="inline-flex items-center gap-1.5 rounded px-2 py-1 text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-900"
            >
              <Shield aria-hidden className="h-4 w-4" />
              {/* Icon only below 2xl: at laptop widths the workspace's own navigation needs the room. */}
              <span className="hidden 2xl:inline">Admin</span>
            </NavLink>
          ) : null}
          <Button
            variant="ghost"
            aria-label="Keyboard shortcuts"
            title="Keyboard shortcuts (?)"
            onClick={() => setHelp(true)}
          >
            <Keyboard aria-hidden className="h-4 w-4" />
          </Button>
          <span
            className="hidden whitespace-nowrap text-zinc-600 2xl:inline dark:text-zinc-400"
            title={user?.email}
          >
            {user?.name}
          </span>
          <Button variant="ghost" className="whitespace-nowrap" onClick={logout}>
            <LogOut aria-hidden className="h-4 w-4" />
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
