const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp as the reader's locale writes it. */
export function formatWhen(iso: string | null): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** Elapsed time between two timestamps: "850 ms", "12.4 s", "3 min 5 s". */
export function formatDuration(from: string | null, to: string | null): string {
  if (!from || !to) {
    return '—';
  }
  const ms = Math.max(0, new Date(to).getTime() - new Date(from).getTime());
  if (ms < 1000) {
    return `${ms} ms`;
  }
  if (ms < 60_000) {
    return `${(ms / 1000).toFixed(1)} s`;
  }
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
