import { type KeyboardEvent, useRef } from 'react';
import { methodColor } from '../../lib/request-item';
import { isDirty, type RequestTab } from '../../stores/tabs-store';

/** Open request tabs: ARIA tablist, arrows move, Delete closes, unsaved tabs show a dot. */
export function RequestTabs({
  tabs,
  activeId,
  onActivate,
  onClose,
  onNew,
}: {
  tabs: RequestTab[];
  activeId: string | null;
  onActivate: (id: string) => void;
  onClose: (id: string) => void;
  onNew: () => void;
}) {
  const refs = useRef<Record<string, HTMLDivElement | null>>({});
  const onKey = (e: KeyboardEvent, i: number) => {
    let next: RequestTab | undefined;
    if (e.key === 'ArrowRight') {
      next = tabs[(i + 1) % tabs.length];
    } else if (e.key === 'ArrowLeft') {
      next = tabs[(i - 1 + tabs.length) % tabs.length];
    } else if (e.key === 'Delete') {
      const tab = tabs[i];
      if (tab) {
        onClose(tab.id);
      }
      return;
    }
    if (next) {
      e.preventDefault();
      onActivate(next.id);
      refs.current[next.id]?.focus();
    }
  };
  return (
    <div className="flex items-stretch border-b border-zinc-200 dark:border-zinc-800">
      <div role="tablist" aria-label="Open requests" className="flex min-w-0 flex-1 overflow-x-auto">
        {tabs.map((t, i) => {
          const dirty = isDirty(t);
          const active = t.id === activeId;
          return (
            <div
              key={t.id}
              ref={(el) => {
                refs.current[t.id] = el;
              }}
              role="tab"
              aria-selected={active}
              tabIndex={active ? 0 : -1}
              onClick={() => onActivate(t.id)}
              onAuxClick={(e) => {
                if (e.button === 1) {
                  onClose(t.id);
                }
              }}
              onKeyDown={(e) => onKey(e, i)}
              className={`group flex max-w-56 shrink-0 cursor-pointer items-center gap-1 border-r border-zinc-200 py-1.5 pl-2 dark:border-zinc-800 ${active ? 'border-b-2 border-b-orange-600 bg-white dark:bg-zinc-950' : 'bg-zinc-50 text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400'}`}
              data-testid="request-tab"
            >
              <span className={`font-mono text-[10px] font-bold ${methodColor[t.draft.method] ?? ''}`}>
                {t.draft.method}
              </span>{' '}
              <span className="truncate">{t.draft.name}</span>
              {dirty ? (
                <span
                  aria-hidden
                  className="text-orange-700 dark:text-orange-400"
                  title="Unsaved changes"
                  data-testid="unsaved-marker"
                >
                  ●
                </span>
              ) : null}
              {dirty ? <span className="sr-only"> (unsaved)</span> : null}
              {/* Not a button: a button inside a tab is nested interaction. The keyboard closes the focused tab
                  with Alt+W; the mouse with this × or a middle click. */}
              <span
                aria-hidden
                title={`Close ${t.draft.name}`}
                data-testid="close-tab"
                className="mr-1 ml-0.5 rounded px-1 text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-700"
                onClick={(e) => {
                  e.stopPropagation();
                  onClose(t.id);
                }}
              >
                ×
              </span>
            </div>
          );
        })}
      </div>
      <button
        type="button"
        aria-label="New request tab"
        title="New request (Alt+N)"
        className="px-3 hover:bg-zinc-100 dark:hover:bg-zinc-900"
        onClick={onNew}
      >
        +
      </button>
    </div>
  );
}
