import type { THistoryQuery } from '@apiplay/core';

/** A response's status class as the history API filters it; `error` is no response at all (status null). */
export type StatusClass = NonNullable<THistoryQuery['status']>;

export function statusClass(status: number | null): StatusClass {
  if (status === null) {
    return 'error';
  }
  if (status < 200) {
    return '1xx';
  }
  if (status < 300) {
    return '2xx';
  }
  if (status < 400) {
    return '3xx';
  }
  if (status < 500) {
    return '4xx';
  }
  return '5xx';
}

/** Text colour per class; each keeps AA contrast on the light and the dark background. */
export const statusClassColor: Record<StatusClass, string> = {
  '1xx': 'text-zinc-600 dark:text-zinc-300',
  '2xx': 'text-green-700 dark:text-green-400',
  '3xx': 'text-blue-700 dark:text-blue-300',
  '4xx': 'text-amber-700 dark:text-amber-400',
  '5xx': 'text-red-700 dark:text-red-400',
  error: 'text-red-700 dark:text-red-400',
};

/** The colour of a status (null: the request failed without a response). */
export function statusColor(status: number | null): string {
  return statusClassColor[statusClass(status)];
}
