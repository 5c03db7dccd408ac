import type { TResponseResult } from '@apiplay/core';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '../../components/ui/button';
import { config } from '../../config';
import { BigTextView, type FindState, findAll } from './big-text-view';
import { indexLines } from './line-index';
import { usePretty } from './use-pretty';

const CodeEditor = lazy(() => import('../editor/code-editor').then((m) => ({ default: m.CodeEditor })));

type View = 'pretty' | 'raw' | 'preview';

export function contentType(res: TResponseResult): string {
  return res.headers.find((h) => h.key.toLowerCase() === 'content-type')?.value.toLowerCase() ?? '';
}

function looksJson(res: TResponseResult): boolean {
  const ct = contentType(res);
  if (ct.includes('json')) {
    return true;
  }
  const c = res.body.trimStart()[0];
  return !ct && (c === '{' || c === '[');
}

/** Pretty JSON (folding under the size threshold, virtualized above it), raw, HTML preview, images; find. */
export function BodyView({ res }: { res: TResponseResult }) {
  const ct = contentType(res);
  const isImage = ct.startsWith('image/');
  const isHtml = ct.includes('html');
  const json = looksJson(res);
  const big = res.body.length > config.bigBodyThreshold;
  const [view, setView] = useState<View>(isImage ? 'preview' : 'pretty');
  const [findOpen, setFindOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const findRef = useRef<HTMLInputElement>(null);
  const text = res.bodyEncoding === 'base64' ? `(binary, ${res.size} bytes, base64)\n${res.body}` : res.body;
  const pretty = usePretty(text, json && view === 'pretty' ? 'json' : 'text');
  const shownText = view === 'pretty' ? pretty.text : text;
  const hits = useMemo(() => (findOpen ? findAll(shownText, query) : []), [findOpen, shownText, query]);
  const find: FindState | null = findOpen
    ? { query, hits, current: Math.min(current, Math.max(0, hits.length - 1)) }
    : null;

  useEffect(() => {
    setView(isImage ? 'preview' : 'pretty');
  }, [isImage]);

  useEffect(() => {
    if (findOpen) {
      findRef.current?.focus();
    }
  }, [findOpen]);

  const smallPretty = useMemo(() => {
    if (!json || big || view !== 'pretty') {
      return null;
    }
    try {
      return JSON.stringify(JSON.parse(res.body), null, 2);
    } catch {
      return null;
    }
  }, [json, big, view, res.body]);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Ctrl+F anywhere in the viewer opens find
    <div
      className="flex h-full min-h-0 flex-col"
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f' && smallPretty === null) {
          e.preventDefault();
          setFindOpen(true);
        }
      }}
    >
      <div className="flex items-center gap-1 px-2 py-1">
        {(['pretty', 'raw', 'preview'] as View[]).map((v) => (
          <Button
            key={v}
            size="sm"
            variant={view === v ? 'primary' : 'ghost'}
            aria-pressed={view === v}
            onClick={() => setView(v)}
          >
            {v === 'pretty' ? 'Pretty' : v === 'raw' ? 'Raw' : 'Preview'}
          </Button>
        ))}
        {big ? (
          <span
            className="ml-2 text-xs text-zinc-500 dark:text-zinc-400"
            title="Folding is off for large bodies to keep scrolling smooth"
          >
            Large body: fast view{view === 'pretty' && !pretty.formatted ? ' · formatting…' : ''}
          </span>
        ) : null}
        <Button
          size="sm"
          variant="ghost"
          className="ml-auto"
          onClick={() => setFindOpen((o) => !o)}
          aria-expanded={findOpen}
        >
          Find
        </Button>
      </div>
      {findOpen ? (
        <div className="flex items-center gap-2 px-2 pb-1">
          <input
            ref={findRef}
            aria-label="Find in body"
            className="rounded border border-zinc-300 px-1 dark:border-zinc-700 dark:bg-zinc-900"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setCurrent(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                setCurrent((c) => (hits.length ? (c + (e.shiftKey ? hits.length - 1 : 1)) % hits.length : 0));
              } else if (e.key === 'Escape') {
                setFindOpen(false);
              }
            }}
          />
          <span className="text-xs text-zinc-500 dark:text-zinc-400" aria-live="polite">
            {query
              ? `${hits.length ? (find?.current ?? 0) + 1 : 0} of ${hits.length}${hits.length >= 10_000 ? '+' : ''}`
              : ''}
          </span>
        </div>
      ) : null}
      <div className="min-h-0 flex-1 border-t border-zinc-200 dark:border-zinc-800">
        {view === 'preview' ? (
          isImage && res.bodyEncoding === 'base64' ? (
            <div className="flex h-full items-center justify-center overflow-auto p-2">
              <img
                alt="Response"
                src={`data:${ct.split(';')[0]};base64,${res.body}`}
                className="max-h-full max-w-full"
              />
            </div>
          ) : (
            <iframe
              title="HTML preview"
              sandbox=""
              srcDoc={
                isHtml
                  ? res.body
                  : `<pre>${res.body.slice(0, 1_000_000).replace(/[&<]/g, (c) => (c === '&' ? '&amp;' : '&lt;'))}</pre>`
              }
              className="h-full w-full bg-white"
            />
          )
        ) : smallPretty !== null && !findOpen ? (
          <Suspense fallback={<pre className="p-2">{smallPretty}</pre>}>
            <CodeEditor ariaLabel="Response body" value={smallPretty} language="json" readOnly />
          </Suspense>
        ) : (
          <BigTextView
            text={shownText}
            starts={
              view === 'pretty' ? pretty.starts : pretty.text === text ? pretty.starts : rawStarts(text)
            }
            json={json && view === 'pretty'}
            find={find}
            label="Response body"
          />
        )}
      </div>
    </div>
  );
}

let lastRaw: { text: string; starts: Uint32Array } | null = null;

/** Line index of the raw text, memoized for the last body (re-renders must not re-index 50 MB). */
function rawStarts(text: string): Uint32Array {
  if (lastRaw?.text !== text) {
    lastRaw = { text, starts: indexLines(text) };
  }
  return lastRaw.starts;
}
