import { useState } from 'react';
import { MarkdownView } from '../../components/ui/markdown-view';

/**
 * Markdown documentation: "Preview" shows it rendered (sanitized), "Write" edits the source. Viewers get the
 * preview only; editors start in the preview too when there is something to read.
 */
export function MarkdownEditor({
  label,
  value,
  onChange,
  readOnly,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  readOnly: boolean;
}) {
  const [writing, setWriting] = useState(!readOnly && value.trim() === '');
  const tab = (active: boolean) =>
    `rounded px-2 py-0.5 text-sm ${active ? 'bg-zinc-200 font-medium dark:bg-zinc-800' : 'hover:bg-zinc-100 dark:hover:bg-zinc-900'}`;
  return (
    <div className="flex h-full flex-col gap-2">
      {readOnly ? null : (
        <fieldset className="flex gap-1">
          <legend className="sr-only">Documentation mode</legend>
          <button
            type="button"
            className={tab(writing)}
            aria-pressed={writing}
            onClick={() => setWriting(true)}
          >
            Write
          </button>
          <button
            type="button"
            className={tab(!writing)}
            aria-pressed={!writing}
            onClick={() => setWriting(false)}
          >
            Preview
          </button>
          <span className="ml-auto self-center text-xs text-zinc-600 dark:text-zinc-400">
            Markdown (GitHub flavour)
          </span>
        </fieldset>
      )}
      {writing && !readOnly ? (
        <textarea
          aria-label={label}
          className="min-h-0 flex-1 resize-none rounded border border-zinc-300 bg-white p-2 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
          value={value}
          maxLength={100_000}
          placeholder={'# What this is for\n\nHow to authenticate, which environment to pick, links…'}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <div className="min-h-0 flex-1 overflow-auto rounded border border-zinc-200 p-3 dark:border-zinc-800">
          <MarkdownView source={value} />
        </div>
      )}
    </div>
  );
}
