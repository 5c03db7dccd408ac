import type { TResponseResult, TTimings } from '@apiplay/core';
import { visualizerDocument } from '@apiplay/core/visualizer';
import { useState } from 'react';
import { Button } from '../../components/ui/button';
import { TabBar } from '../../components/ui/tabs';
import { statusColor } from '../../lib/http-status';
import { outcomeColor } from '../../lib/outcome-color';
import { toast } from '../../stores/toast-store';
import { BodyView, contentType } from './body-view';
import type { ExecState } from './exec-store';

type Tab = 'body' | 'headers' | 'cookies' | 'timing' | 'tests' | 'console' | 'visualize';

export function formatBytes(n: number): string {
  if (n < 1024) {
    return `${n} B`;
  }
  if (n < 1024 * 1024) {
    return `${(n / 1024).toFixed(1)} KB`;
  }
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

function Waterfall({ t }: { t: TTimings }) {
  const phases: [string, number, string][] = [
    ['DNS lookup', t.dns, 'bg-sky-500'],
    ['TCP connect', t.connect, 'bg-indigo-500'],
    ['TLS handshake', t.tls, 'bg-purple-500'],
    ['Waiting (TTFB)', t.ttfb, 'bg-amber-500'],
    ['Download', t.download, 'bg-green-500'],
  ];
  const total = Math.max(
    t.total,
    phases.reduce((a, p) => a + p[1], 0),
    0.001,
  );
  let offset = 0;
  return (
    <table className="w-full text-sm" aria-label="Timing">
      <tbody>
        {phases.map(([name, ms, color]) => {
          const left = (offset / total) * 100;
          offset += ms;
          return (
            <tr key={name}>
              <td className="w-36 py-1 pr-2">{name}</td>
              <td className="py-1">
                <div className="relative h-3 rounded bg-zinc-100 dark:bg-zinc-800">
                  <div
                    className={`absolute h-3 rounded ${color}`}
                    style={{ left: `${left}%`, width: `${Math.max(0.5, (ms / total) * 100)}%` }}
                  />
                </div>
              </td>
              <td className="w-20 py-1 text-right font-mono">{ms.toFixed(1)} ms</td>
            </tr>
          );
        })}
        <tr className="border-t border-zinc-200 font-medium dark:border-zinc-700">
          <td className="py-1">Total</td>
          <td />
          <td className="py-1 text-right font-mono">{t.total.toFixed(1)} ms</td>
        </tr>
      </tbody>
    </table>
  );
}

function download(res: TResponseResult) {
  const ct = contentType(res).split(';')[0] || 'application/octet-stream';
  const data =
    res.bodyEncoding === 'base64' ? Uint8Array.from(atob(res.body), (c) => c.charCodeAt(0)) : res.body;
  const blob = new Blob([data], { type: ct });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  const ext = ct.includes('json')
    ? 'json'
    : ct.includes('html')
      ? 'html'
      : ct.includes('xml')
        ? 'xml'
        : 'txt';
  a.download = `response.${ext}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Status, time, size, waterfall, headers, cookies, body, tests and console of the last execution. */
export function ResponsePane({ exec, onCancel }: { exec: ExecState | undefined; onCancel: () => void }) {
  const [tab, setTab] = useState<Tab>('body');
  if (!exec) {
    return (
      <div className="flex h-full items-center justify-center text-zinc-500 dark:text-zinc-400">
        Send the request (Ctrl/⌘ + Enter) to see the response.
      </div>
    );
  }
  if (exec.status === 'sending') {
    return (
      <div
        className="flex h-full flex-col items-center justify-center gap-3 text-zinc-500 dark:text-zinc-400"
        role="status"
      >
        Sending…
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    );
  }
  if (exec.status === 'error') {
    return (
      <div className="p-4 text-red-600 dark:text-red-400" role="alert">
        {exec.error}
      </div>
    );
  }
  const result = exec.result;
  const res = result?.response;
  const assertions = result?.assertions ?? [];
  const consoleLines = result?.console ?? [];
  const failed = assertions.filter((a) => !a.passed && !a.skipped).length;
  return (
    <section aria-label="Response" className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-4 px-3 py-1.5 text-sm" data-testid="response-status">
        {res ? (
          <>
            <span className={`font-semibold ${statusColor(res.status)}`}>
              {res.status} {res.statusText}
            </span>
            <span>
              Time <b>{res.timings.total.toFixed(0)} ms</b>
            </span>
            <span>
              Size <b>{formatBytes(res.size)}</b>
              {res.truncated ? (
                <span className="ml-1 text-amber-700 dark:text-amber-400">(truncated)</span>
              ) : null}
            </span>
          </>
        ) : (
          <span className="text-red-600 dark:text-red-400">
            {result?.error ? `${result.error.code}: ${result.error.message}` : 'No response'}
          </span>
        )}
        {result?.warnings?.length ? (
          <span className="text-amber-700 dark:text-amber-400" title={result.warnings.join('\n')}>
            {result.warnings.length} warning{result.warnings.length > 1 ? 's' : ''}
          </span>
        ) : null}
        {res ? (
          <span className="ml-auto flex gap-1">
            <Button
              size="sm"
              onClick={async () => {
                await navigator.clipboard?.writeText(res.body);
                toast.success('Body copied');
              }}
            >
              Copy
            </Button>
            <Button size="sm" onClick={() => download(res)}>
              Save
            </Button>
          </span>
        ) : null}
      </div>
      <TabBar
        label="Response sections"
        idPrefix="response"
        value={tab}
        onChange={setTab}
        items={[
          { id: 'body', label: 'Body' },
          { id: 'headers', label: 'Headers', badge: res?.headers.length },
          { id: 'cookies', label: 'Cookies', badge: res?.cookies.length },
          { id: 'timing', label: 'Timing' },
          {
            id: 'tests',
            label: 'Tests',
            badge: assertions.length ? `${assertions.length - failed}/${assertions.length}` : undefined,
          },
          { id: 'console', label: 'Console', badge: consoleLines.length },
          ...(result?.visualizer ? [{ id: 'visualize' as const, label: 'Visualize' }] : []),
        ]}
      />
      <div
        id="response-panel"
        role="tabpanel"
        aria-labelledby={`response-tab-${tab}`}
        className="min-h-0 flex-1 overflow-auto"
      >
        {tab === 'body' && res ? <BodyView res={res} /> : null}
        {tab === 'headers' && res ? (
          <table className="w-full text-sm" aria-label="Response headers">
            <tbody>
              {res.headers.map((h, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: headers repeat
                <tr key={i} className="border-b border-zinc-100 dark:border-zinc-800">
                  <td className="px-3 py-1 font-mono font-medium">{h.key}</td>
                  <td className="px-3 py-1 font-mono break-all">{h.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {tab === 'cookies' && res ? (
          res.cookies.length === 0 ? (
            <p className="p-3 text-zinc-500 dark:text-zinc-400">No cookies.</p>
          ) : (
            <table className="w-full text-sm" aria-label="Cookies">
              <thead>
                <tr className="text-left text-xs text-zinc-500 dark:text-zinc-400">
                  <th className="px-3">Name</th>
                  <th>Value</th>
                  <th>Domain</th>
                  <th>Path</th>
                  <th>Expires</th>
                  <th>Flags</th>
                </tr>
              </thead>
              <tbody>
                {res.cookies.map((c) => (
                  <tr
                    key={`${c.name}-${c.path}`}
                    className="border-t border-zinc-100 font-mono dark:border-zinc-800"
                  >
                    <td className="px-3 py-1">{c.name}</td>
                    <td className="break-all">{c.value}</td>
                    <td>{c.domain}</td>
                    <td>{c.path}</td>
                    <td>{c.expires}</td>
                    <td>
                      {[c.httpOnly ? 'HttpOnly' : '', c.secure ? 'Secure' : ''].filter(Boolean).join(' ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        ) : null}
        {tab === 'timing' && res ? (
          <div className="p-3">
            <Waterfall t={res.timings} />
          </div>
        ) : null}
        {tab === 'tests' ? (
          <div className="p-3" data-testid="test-results">
            {assertions.length === 0 && !result?.scriptFailures?.length ? (
              <p className="text-zinc-500 dark:text-zinc-400">No tests ran.</p>
            ) : null}
            <ul className="flex flex-col gap-1">
              {assertions.map((a, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: names repeat
                <li key={i} className="flex gap-2">
                  <span className={outcomeColor(a)}>{a.skipped ? 'SKIP' : a.passed ? 'PASS' : 'FAIL'}</span>
                  <span>{a.name}</span>
                  {a.error ? <span className="text-red-600 dark:text-red-400">— {a.error}</span> : null}
                </li>
              ))}
              {result?.scriptFailures?.map((f, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: positional
                <li key={`f${i}`} className="text-red-600 dark:text-red-400">
                  Script error ({f.phase}, {f.source}
                  {f.line ? `:${f.line}` : ''}): {f.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {tab === 'visualize' && result?.visualizer ? (
          // The collection's own HTML: scripts run, but in an opaque origin (no allow-same-origin), so it reaches
          // neither this page, its storage nor its cookies.
          <iframe
            title="Visualization"
            sandbox="allow-scripts"
            className="h-full min-h-64 w-full border-0 bg-white"
            srcDoc={visualizerDocument(result.visualizer.template, result.visualizer.data)}
          />
        ) : null}
        {tab === 'console' ? (
          <div className="p-2 font-mono text-xs" data-testid="script-console">
            {consoleLines.length === 0 ? (
              <p className="text-zinc-500 dark:text-zinc-400">Nothing logged.</p>
            ) : null}
            {consoleLines.map((c, i) => (
              <div
                // biome-ignore lint/suspicious/noArrayIndexKey: positional
                key={i}
                className={
                  c.level === 'error'
                    ? 'text-red-600 dark:text-red-400'
                    : c.level === 'warn'
                      ? 'text-amber-700 dark:text-amber-400'
                      : ''
                }
              >
                <span className="mr-2 text-zinc-500 dark:text-zinc-400">{c.level}</span>
                {c.message}
              </div>
            ))}
          </div>
        ) : null}
      </div>
    </section>
  );
}
