import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

/** What a list or page shows when it has nothing yet: what goes here, and the action that fills it. */
export function EmptyState({
  icon: Icon,
  title,
  children,
  action,
}: {
  icon: LucideIcon;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div
      className="flex flex-col items-center justify-center gap-2 px-6 py-12 text-center"
      data-testid="empty-state"
    >
      <Icon aria-hidden className="h-10 w-10 text-zinc-500 dark:text-zinc-500" strokeWidth={1.5} />
      <h2 className="text-base font-semibold text-zinc-800 dark:text-zinc-100">{title}</h2>
      {children ? <p className="max-w-md text-sm text-zinc-600 dark:text-zinc-400">{children}</p> : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
