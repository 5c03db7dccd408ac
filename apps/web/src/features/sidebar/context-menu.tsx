import { useEffect, useRef } from 'react';

export interface MenuAction {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  disabled?: boolean;
}

/** A small ARIA menu at a screen position; arrows move, Enter selects, Escape closes. */
export function ContextMenu({
  x,
  y,
  actions,
  onClose,
  label,
}: {
  x: number;
  y: number;
  actions: MenuAction[];
  onClose: () => void;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not([disabled])')?.focus();
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) {
        onClose();
      }
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [onClose]);
  const onKey = (e: React.KeyboardEvent) => {
    const items = [
      ...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? []),
    ];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      items[(i + 1) % items.length]?.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      items[(i - 1 + items.length) % items.length]?.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      onClose();
    }
  };
  return (
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      tabIndex={-1}
      onKeyDown={onKey}
      style={{ left: x, top: y }}
      className="fixed z-40 min-w-44 rounded border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
    >
      {actions.map((a) => (
        <button
          key={a.label}
          type="button"
          role="menuitem"
          disabled={a.disabled}
          onClick={() => {
            onClose();
            a.onSelect();
          }}
          className={`block w-full px-3 py-1 text-left hover:bg-zinc-100 focus:bg-zinc-100 disabled:opacity-40 dark:hover:bg-zinc-800 dark:focus:bg-zinc-800 ${a.danger ? 'text-red-600 dark:text-red-400' : ''}`}
        >
          {a.label}
        </button>
      ))}
    </div>
  );
}
