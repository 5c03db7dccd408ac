/** Text colour of a test outcome (an assertion, a threshold); each keeps AA contrast in both themes. */
export function outcomeColor(o: { passed: boolean; skipped?: boolean | undefined }): string {
  if (o.passed) {
    return 'text-green-700 dark:text-green-400';
  }
  return o.skipped ? 'text-zinc-500 dark:text-zinc-400' : 'text-red-700 dark:text-red-400';
}
