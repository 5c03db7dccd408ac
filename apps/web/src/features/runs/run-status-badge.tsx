import type { TRunStatus } from '@apiplay/core';
import { CircleCheck, CircleDashed, CircleSlash, CircleX, LoaderCircle } from 'lucide-react';

const look: Record<TRunStatus, { label: string; className: string; Icon: typeof CircleCheck }> = {
  queued: { label: 'Queued', className: 'text-zinc-600 dark:text-zinc-300', Icon: CircleDashed },
  running: { label: 'Running', className: 'text-sky-700 dark:text-sky-300', Icon: LoaderCircle },
  passed: { label: 'Passed', className: 'text-green-700 dark:text-green-400', Icon: CircleCheck },
  failed: { label: 'Failed', className: 'text-red-700 dark:text-red-400', Icon: CircleX },
  aborted: { label: 'Aborted', className: 'text-amber-700 dark:text-amber-400', Icon: CircleSlash },
};

/** A run's status as an icon and a word (never colour alone). */
export function RunStatusBadge({ status }: { status: TRunStatus }) {
  const { label, className, Icon } = look[status];
  return (
    <span className={`inline-flex items-center gap-1 font-medium ${className}`} data-testid="run-status">
      <Icon aria-hidden className={`h-4 w-4 ${status === 'running' ? 'animate-spin' : ''}`} />
      {label}
    </span>
  );
}
