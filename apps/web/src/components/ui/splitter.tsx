import type { KeyboardEvent, PointerEvent } from 'react';

/**
 * A draggable divider between two panes (WAI-ARIA window splitter): drag with the pointer, or focus it and use the
 * arrow keys (Home/End for the limits). `onResize` gets the pointer's distance from the start of `container`
 * (px along the axis), or the value moved by `step` on a key.
 */
export function Splitter({
  label,
  orientation,
  value,
  min,
  max,
  step,
  onResize,
  containerOf,
}: {
  label: string;
  /** `vertical`: a vertical bar between side-by-side panes; `horizontal`: a bar between stacked panes. */
  orientation: 'vertical' | 'horizontal';
  value: number;
  min: number;
  max: number;
  step: number;
  onResize: (value: number, from: 'pointer' | 'key', size: number) => void;
  /** The element the pointer position is measured from. */
  containerOf: (bar: HTMLElement) => HTMLElement | null;
}) {
  const vertical = orientation === 'vertical';
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const bar = e.currentTarget;
    const box = containerOf(bar)?.getBoundingClientRect();
    if (!box) {
      return;
    }
    bar.setPointerCapture(e.pointerId);
    const move = (ev: globalThis.PointerEvent) => {
      const pos = vertical ? ev.clientX - box.left : ev.clientY - box.top;
      onResize(pos, 'pointer', vertical ? box.width : box.height);
    };
    const up = () => {
      bar.removeEventListener('pointermove', move);
      bar.removeEventListener('pointerup', up);
      bar.removeEventListener('pointercancel', up);
    };
    bar.addEventListener('pointermove', move);
    bar.addEventListener('pointerup', up);
    bar.addEventListener('pointercancel', up);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const back = vertical ? 'ArrowLeft' : 'ArrowUp';
    const forward = vertical ? 'ArrowRight' : 'ArrowDown';
    const next =
      e.key === back
        ? value - step
        : e.key === forward
          ? value + step
          : e.key === 'Home'
            ? min
            : e.key === 'End'
              ? max
              : null;
    if (next === null) {
      return;
    }
    e.preventDefault();
    onResize(Math.min(max, Math.max(min, next)), 'key', 0);
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: <hr> cannot be focused and dragged; this is ARIA's window splitter
    <div
      role="separator"
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={Math.round(value)}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      className={`shrink-0 bg-zinc-200 transition-colors hover:bg-orange-400 focus-visible:bg-orange-500 dark:bg-zinc-800 ${
        vertical ? 'w-1 cursor-col-resize' : 'h-1 cursor-row-resize'
      }`}
    />
  );
}
