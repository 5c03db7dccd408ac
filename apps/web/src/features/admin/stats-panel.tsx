import { useInstanceStats } from '../../api/hooks/admin';

function bytes(n: number | null): string {
  if (n === null) {
    return 'unknown';
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="rounded border border-zinc-200 p-3 dark:border-zinc-800">
      <div className="text-xs text-zinc-500 dark:text-zinc-400">{label}</div>
      <div className="text-xl font-semibold" data-testid={`figure-${label}`}>
        {value}
      </div>
    </div>
  );
}

/** Instance figures: accounts, workspaces, activity per day, storage and the job queue. */
export function StatsPanel() {
  const stats = useInstanceStats();
  const s = stats.data;
  if (!s) {
    return <p role="status">Loading…</p>;
  }
  const peak = Math.max(1, ...s.days.map((d) => Math.max(d.executions, d.runs)));
  return (
    <section aria-label="Figures" className="flex flex-col gap-4">
      <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
        <Figure label="Users" value={`${s.users.active} active / ${s.users.total}`} />
        <Figure label="Admins" value={s.users.admins} />
        <Figure label="Workspaces" value={s.workspaces} />
        <Figure label="Queue" value={`${s.queue.waiting} waiting, ${s.queue.active} running`} />
        <Figure label="Database" value={bytes(s.storage.databaseBytes)} />
        <Figure label="Response bodies in history" value={bytes(s.storage.historyBodyBytes)} />
      </div>
      <table className="w-full max-w-xl text-sm" aria-label="Activity per day">
        <thead>
          <tr className="text-left text-xs text-zinc-500 dark:text-zinc-400">
            <th>Day (UTC)</th>
            <th>Executions</th>
            <th>Runs</th>
            <th className="w-1/2" />
          </tr>
        </thead>
        <tbody>
          {s.days.map((d) => (
            <tr key={d.day} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-0.5 font-mono">{d.day}</td>
              <td>{d.executions}</td>
              <td>{d.runs}</td>
              <td aria-hidden>
                <div
                  className="h-2 rounded bg-orange-500"
                  style={{ width: `${(d.executions / peak) * 100}%` }}
                />
                <div
                  className="mt-0.5 h-1 rounded bg-zinc-400"
                  style={{ width: `${(d.runs / peak) * 100}%` }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
