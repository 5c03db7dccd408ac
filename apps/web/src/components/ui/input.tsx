import { forwardRef, type InputHTMLAttributes, type SelectHTMLAttributes } from 'react';

const fieldBase =
  'rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900 disabled:opacity-60';
export const inputClass = `w-full ${fieldBase}`;
/** A native file input whose button looks like the app's buttons in both themes. */
export const fileInputClass =
  'text-sm file:mr-2 file:rounded file:border file:border-zinc-300 file:bg-white file:px-2 file:py-1 file:text-zinc-900 dark:file:border-zinc-700 dark:file:bg-zinc-900 dark:file:text-zinc-100';

export const Input = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(function Input(
  { className = '', ...rest },
  ref,
) {
  // A width given by the caller replaces the default full width (both are `width` utilities, and the stylesheet's
  // order, not the class order, decides between them: `w-24` beside `w-full` was ignored).
  const base = /(^|\s)w-/.test(className) ? fieldBase : inputClass;
  return <input ref={ref} className={`${base} ${className}`} {...rest} />;
});

export function Select({ className = '', ...rest }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={`${fieldBase} ${className}`} {...rest} />;
}

export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is passed as children
    <label className="flex flex-col gap-1 text-sm">
      <span className="text-zinc-600 dark:text-zinc-400">{label}</span>
      {children}
    </label>
  );
}

/**
 * A labelled whole-number field that keeps its value within [min, max]: an empty or out-of-range entry becomes
 * the nearest bound, so the form never holds a value the server would refuse.
 */
export function NumberField({
  label,
  value,
  onChange,
  min,
  max = Number.MAX_SAFE_INTEGER,
  className = 'w-24',
}: {
  label: string;
  value: number;
  onChange: (value: number) => void;
  min: number;
  max?: number;
  className?: string;
}) {
  return (
    <Field label={label}>
      <Input
        type="number"
        min={min}
        max={max === Number.MAX_SAFE_INTEGER ? undefined : max}
        className={className}
        value={value}
        onChange={(e) => onChange(Math.min(max, Math.max(min, Math.trunc(Number(e.target.value)) || min)))}
      />
    </Field>
  );
}
