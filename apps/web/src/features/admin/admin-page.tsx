import { useState } from 'react';
import { Link } from 'react-router';
import { useMe } from '../../api/hooks/auth';
import { TabBar } from '../../components/ui/tabs';
import { AuditPanel } from './audit-panel';
import { MailPanel } from './mail-panel';
import { SettingsPanel } from './settings-panel';
import { StatsPanel } from './stats-panel';
import { UsersPanel } from './users-panel';

type Tab = 'users' | 'figures' | 'settings' | 'audit' | 'mail';

const tabs: { id: Tab; label: string }[] = [
  { id: 'users', label: 'Users' },
  { id: 'figures', label: 'Figures' },
  { id: 'settings', label: 'Settings' },
  { id: 'audit', label: 'Audit log' },
  { id: 'mail', label: 'Mail' },
];

/** `/admin`: instance administration (the server refuses everyone but instance admins; this page only hides). */
export function AdminPage() {
  const me = useMe();
  const [tab, setTab] = useState<Tab>('users');
  if (me.data && !me.data.isAdmin) {
    return (
      <div className="p-6">
        <p role="alert">Only instance administrators can open the admin panel.</p>
        <Link className="text-orange-800 underline dark:text-orange-300" to="/">
          Back
        </Link>
      </div>
    );
  }
  return (
    <div className="flex h-full flex-col">
      <header className="flex items-center gap-3 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
        <span className="inline-block h-4 w-4 rounded bg-orange-600" aria-hidden />
        <h1 className="font-semibold">Instance administration</h1>
        <Link className="ml-auto text-sm text-orange-800 underline dark:text-orange-300" to="/">
          Back to workspaces
        </Link>
      </header>
      <TabBar items={tabs} value={tab} onChange={setTab} label="Administration" idPrefix="admin" />
      <div
        id="admin-panel"
        role="tabpanel"
        aria-labelledby={`admin-tab-${tab}`}
        className="flex-1 overflow-auto p-4"
      >
        {tab === 'users' ? <UsersPanel /> : null}
        {tab === 'figures' ? <StatsPanel /> : null}
        {tab === 'settings' ? <SettingsPanel /> : null}
        {tab === 'audit' ? <AuditPanel /> : null}
        {tab === 'mail' ? <MailPanel /> : null}
      </div>
    </div>
  );
}
