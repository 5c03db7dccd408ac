import { type KeyboardEvent, useRef } from 'react';

export interface TabItem<T extends string> {
  id: T;
  label: string;
  badge?: string | number;
}

/** An ARIA tablist with arrow-key navigation. */
export function TabBar<T extends string>({
  items,
  value,
  onChange,
  label,
  idPrefix,
}: {
  items: TabItem<T>[];
  value: T;
  onChange: (id: T) => void;
  label: string;
  idPrefix: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent, index: number) => {
    let next = -1;
    if (e.key === 'ArrowRight') {
      next = (index + 1) % items.length;
    } else if (e.key === 'ArrowLeft') {
      next = (index - 1 + items.length) % items.length;
    } else if (e.key === 'Home') {
      next = 0;
    } else if (e.key === 'End') {
      next = items.length - 1;
    }
    const item = items[next];
    if (item) {
      e.preventDefault();
      onChange(item.id);
      refs.current[next]?.focus();
    }
  };
  return (
    <div
      role="tablist"
      aria-label={label}
      className="flex gap-1 border-b border-zinc-200 px-2 dark:border-zinc-800"
    >
      {items.map((item, i) => (
        <button
          key={item.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${item.id}`}
          aria-selected={item.id === value}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={item.id === value ? 0 : -1}
          onClick={() => onChange(item.id)}
          onKeyDown={(e) => onKey(e, i)}
          className={`-mb-px border-b-2 px-2 py-1.5 text-sm ${item.id === value ? 'border-orange-600 font-medium' : 'border-transparent text-zinc-500 dark:text-zinc-400 hover:text-zinc-800 dark:hover:text-zinc-200'}`}
        >
          {item.label}
          {item.badge !== undefined && item.badge !== 0 && item.badge !== '' ? (
            <span className="ml-1 rounded bg-zinc-200 px-1 text-xs text-zinc-800 dark:bg-zinc-700 dark:text-zinc-100">
              {item.badge}
            </span>
          ) : null}
        </button>
      ))}
    </div>
  );
}
