import type { TAssertion } from '@apiplay/core';
import { outcomeColor } from '../../lib/outcome-color';

/** One test's outcome as a line — ✓ passed, – skipped, ✗ failed — with its name and error, in the outcome's colour. */
export function AssertionLine({ assertion, as: Tag = 'div' }: { assertion: TAssertion; as?: 'div' | 'li' }) {
  const mark = assertion.passed ? '✓' : assertion.skipped ? '–' : '✗';
  return (
    <Tag className={outcomeColor(assertion)}>
      {mark} {assertion.name}
      {assertion.error ? ` — ${assertion.error}` : ''}
    </Tag>
  );
}
