import { type ReactNode, useEffect, useRef } from 'react';

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  wide?: boolean;
}

/** A modal on the native <dialog> element: focus trap, Escape and top layer for free. */
export function Dialog({ open, onClose, title, children, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) {
      return;
    }
    if (open && !el.open) {
      if (typeof el.showModal === 'function') {
        el.showModal();
      } else {
        el.setAttribute('open', '');
      }
    } else if (!open && el.open) {
      el.close?.();
    }
  }, [open]);
  if (!open) {
    return null;
  }
  return (
    <dialog
      ref={ref}
      aria-label={title}
      onClose={onClose}
      onCancel={onClose}
      className={`m-auto rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 ${wide ? 'w-[56rem]' : 'w-[28rem]'} max-w-[95vw]`}
    >
      <div className="flex items-center justify-between border-b border-zinc-200 px-4 py-2 dark:border-zinc-700">
        <h2 className="font-semibold">{title}</h2>
        <button
          type="button"
          aria-label="Close"
          className="rounded px-2 hover:bg-zinc-100 dark:hover:bg-zinc-800"
          onClick={onClose}
        >
          ×
        </button>
      </div>
      <div className="max-h-[80vh] overflow-auto p-4">{children}</div>
    </dialog>
  );
}
