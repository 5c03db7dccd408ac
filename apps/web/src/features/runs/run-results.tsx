import type { TExecution } from '@apiplay/core';
import { AssertionLine } from '../../components/ui/assertion-line';
import { statusColor } from '../../lib/http-status';
import { executionFailed } from '../runner/run-model';

/** Every executed request of a run: request, status (or the error), time and each test's verdict. */
export function RunResults({ executions }: { executions: readonly TExecution[] }) {
  return (
    <table className="w-full text-sm" aria-label="Run results">
      <thead>
        <tr className="text-left text-xs text-zinc-600 dark:text-zinc-400">
          <th className="py-1 pr-2 font-medium">#</th>
          <th className="py-1 pr-2 font-medium">Request</th>
          <th className="py-1 pr-2 font-medium">Status</th>
          <th className="py-1 pr-2 font-medium">Time</th>
          <th className="py-1 font-medium">Tests</th>
        </tr>
      </thead>
      <tbody>
        {executions.map((e, i) => (
          <tr
            // biome-ignore lint/suspicious/noArrayIndexKey: executions repeat across iterations
            key={i}
            className={`border-t border-zinc-200 align-top dark:border-zinc-800 ${executionFailed(e) ? 'bg-red-50 dark:bg-red-950/40' : ''}`}
          >
            <td className="py-1 pr-2 text-zinc-500 dark:text-zinc-400">{i + 1}</td>
            <td className="py-1 pr-2">
              <span className="font-mono text-xs">{e.request.method}</span> {[...e.path, e.name].join(' / ')}
              {e.iteration > 0 ? (
                <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">iter {e.iteration + 1}</span>
              ) : null}
            </td>
            <td className="py-1 pr-2">
              {e.response ? (
                <span className={statusColor(e.response.status)}>{e.response.status}</span>
              ) : (
                <span className="text-red-700 dark:text-red-400">{e.error?.message ?? 'error'}</span>
              )}
            </td>
            <td className="py-1 pr-2 whitespace-nowrap">
              {e.response ? `${e.response.timings.total.toFixed(0)} ms` : ''}
            </td>
            <td className="py-1">
              {e.assertions.map((a, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: names repeat
                <AssertionLine key={j} assertion={a} />
              ))}
              {e.scriptFailures.map((f, j) => (
                <div
                  // biome-ignore lint/suspicious/noArrayIndexKey: messages repeat
                  key={`s${j}`}
                  className="text-red-700 dark:text-red-400"
                >
                  ✗ {f.phase === 'preRequest' ? 'pre-request' : 'test'} script: {f.message}
                </div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
