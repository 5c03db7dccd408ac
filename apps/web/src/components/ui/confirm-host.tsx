import { useEffect, useState } from 'react';
import { useConfirmStore } from '../../stores/confirm-store';
import { Button } from './button';
import { Dialog } from './dialog';
import { Field, Input } from './input';

/** Renders the open confirm/prompt (see `confirmAction` / `promptText`); mounted once in the app. */
export function ConfirmHost() {
  const pending = useConfirmStore((s) => s.pending);
  const answer = useConfirmStore((s) => s.answer);
  const [text, setText] = useState('');
  useEffect(() => setText(pending?.input?.initial ?? ''), [pending]);
  if (!pending) {
    return null;
  }
  const needsText = pending.input !== undefined;
  return (
    <Dialog open onClose={() => answer(null)} title={pending.title}>
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!needsText || text.trim() !== '') {
            answer(needsText ? text.trim() : '');
          }
        }}
      >
        {pending.message ? <p className="text-zinc-600 dark:text-zinc-300">{pending.message}</p> : null}
        {pending.input ? (
          <Field label={pending.input.label}>
            <Input autoFocus value={text} onChange={(e) => setText(e.target.value)} />
          </Field>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button onClick={() => answer(null)}>Cancel</Button>
          <Button
            type="submit"
            variant={pending.danger ? 'danger' : 'primary'}
            disabled={needsText && text.trim() === ''}
            // A confirm without a field focuses its answer (the dialog exists to ask this).
            autoFocus={!needsText}
          >
            {pending.confirmLabel ?? 'OK'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
