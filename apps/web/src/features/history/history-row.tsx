import type { THistoryEntry } from '@apiplay/core';
import { statusClass, statusClassColor } from '../../lib/http-status';
import { methodColor } from '../../lib/request-item';

/**
 * One history entry as a button: method, status (coloured by class; "ERR" for a request that got no response),
 * duration, time and URL. The history page (full date, selectable) and the sidebar panel (time only) share it.
 */
export function HistoryRow({
  entry,
  onClick,
  selected,
  compact = false,
  title,
}: {
  entry: THistoryEntry;
  onClick: () => void;
  /** Undefined where the list has no selection (the panel opens the entry instead). */
  selected?: boolean;
  compact?: boolean;
  title?: string;
}) {
  const cls = statusClass(entry.status);
  const created = new Date(entry.createdAt);
  const background = selected
    ? 'bg-orange-50 dark:bg-orange-950/40'
    : 'hover:bg-zinc-100 dark:hover:bg-zinc-900';
  return (
    <button
      type="button"
      aria-current={selected}
      onClick={onClick}
      title={title}
      data-status-class={cls}
      className={`flex w-full flex-col items-start gap-0.5 border-b border-zinc-100 text-left dark:border-zinc-900 ${
        compact ? 'h-full justify-center px-2' : 'px-4 py-2'
      } ${background}`}
    >
      <span className="flex w-full gap-2 text-xs">
        <span className={`font-mono font-bold ${methodColor[entry.method] ?? ''}`}>{entry.method}</span>
        <span
          className={`font-semibold ${statusClassColor[cls]}`}
          title={cls === 'error' ? (entry.error?.message ?? 'No response') : undefined}
        >
          {entry.status ?? 'ERR'}
        </span>
        <span className="text-zinc-600 dark:text-zinc-400">
          {entry.durationMs !== null ? `${Math.round(entry.durationMs)} ms` : ''}
        </span>
        <span className="ml-auto text-zinc-600 dark:text-zinc-400">
          {compact ? created.toLocaleTimeString() : created.toLocaleString()}
        </span>
      </span>
      <span className="w-full truncate font-mono text-xs">{entry.url}</span>
    </button>
  );
}
