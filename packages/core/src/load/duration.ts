import { LoadInputError } from './errors';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A k6-style duration: `500ms`, `30s`, `1m`, `1m30s`, `2h`, or a bare number of seconds. Returns milliseconds.
 * `what` names the option in the error message.
 */
export function parseDuration(text: string, what: string): number {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) {
    return Math.round(Number(s) * 1000);
  }
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(s)) {
    throw new LoadInputError(`${what}: "${text}" is not a duration (e.g. 500ms, 30s, 1m30s, 2h)`);
  }
  let ms = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    ms += Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 1000);
  }
  return Math.round(ms);
}

/** `1m30s`-style text for a duration in milliseconds (for reports). */
export function formatDuration(ms: number): string {
  if (ms < 1000) {
    return `${Math.round(ms)}ms`;
  }
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${sec || (!h && !m) ? `${sec}s` : ''}`;
}
