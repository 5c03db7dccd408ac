import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { lineAt, lineOf } from './line-index';

/** Browsers cap element heights (~33M px in Chrome); above this the scroll position maps onto lines by ratio. */
const MAX_SCROLL_PX = 8_000_000;
const ROW = 18;
/** Lines longer than this are not syntax-coloured (the cost is per visible line, but keep it bounded). */
const COLOR_LIMIT = 2000;

export interface FindState {
  query: string;
  /** Offsets of matches in the text. */
  hits: number[];
  current: number;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

const tokenRe = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;

/** Colour one JSON line (keys, strings, numbers, literals) — visible lines only. */
function colorJson(line: string): string {
  let out = '';
  let last = 0;
  for (const m of line.matchAll(tokenRe)) {
    const i = m.index ?? 0;
    out += escapeHtml(line.slice(last, i));
    if (m[1]) {
      out += `<span class="${m[2] ? 'tok-key' : 'tok-str'}">${escapeHtml(m[1])}</span>${m[2] ? escapeHtml(m[2]) : ''}`;
    } else if (m[3]) {
      out += `<span class="tok-num">${m[3]}</span>`;
    } else if (m[4]) {
      out += `<span class="tok-lit">${m[4]}</span>`;
    }
    last = i + m[0].length;
  }
  return out + escapeHtml(line.slice(last));
}

function markHits(line: string, lineStart: number, find: FindState | null, colored: string | null): string {
  if (!find || find.query === '' || find.hits.length === 0) {
    return colored ?? escapeHtml(line);
  }
  const q = find.query.length;
  const lineEnd = lineStart + line.length;
  const inLine = find.hits.filter((h) => h >= lineStart && h < lineEnd);
  if (inLine.length === 0) {
    return colored ?? escapeHtml(line);
  }
  // Hits take precedence over colouring on the lines that have them.
  let out = '';
  let last = 0;
  for (const h of inLine) {
    const rel = h - lineStart;
    const cls = find.hits[find.current] === h ? 'find-hit current' : 'find-hit';
    out += `${escapeHtml(line.slice(last, rel))}<mark class="${cls}">${escapeHtml(line.slice(rel, rel + q))}</mark>`;
    last = rel + q;
  }
  return out + escapeHtml(line.slice(last));
}

/**
 * A virtualized, read-only text view for huge bodies: only the visible rows exist in the DOM, each row a slice of
 * the one big string. Scales past browser height limits.
 */
export function BigTextView({
  text,
  starts,
  json,
  find,
  label,
}: {
  text: string;
  starts: Uint32Array;
  json: boolean;
  find: FindState | null;
  label: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const lines = starts.length;
  const natural = lines * ROW;
  const spacer = Math.min(natural, MAX_SCROLL_PX);
  const visible = Math.ceil(height / ROW) + 2;

  useEffect(() => {
    const el = scroller.current;
    if (!el) {
      return;
    }
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 400));
    ro.observe(el);
    setHeight(el.clientHeight || 400);
    return () => ro.disconnect();
  }, []);

  // Map the scroll position to a (fractional) first line.
  const firstExact = useMemo(() => {
    if (natural <= MAX_SCROLL_PX) {
      return scrollTop / ROW;
    }
    const maxScroll = Math.max(1, spacer - height);
    const maxFirst = Math.max(0, lines - height / ROW);
    return (Math.min(scrollTop, maxScroll) / maxScroll) * maxFirst;
  }, [scrollTop, natural, spacer, height, lines]);
  const first = Math.floor(firstExact);
  const offsetPx = scrollTop - (firstExact - first) * ROW;

  const scrollToLine = useCallback(
    (line: number) => {
      const el = scroller.current;
      if (!el) {
        return;
      }
      const target = Math.max(0, line - 3);
      if (natural <= MAX_SCROLL_PX) {
        el.scrollTop = target * ROW;
      } else {
        const maxFirst = Math.max(1, lines - height / ROW);
        el.scrollTop = (target / maxFirst) * Math.max(1, spacer - height);
      }
    },
    [natural, lines, height, spacer],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolling follows the current match only
  useEffect(() => {
    const hit = find?.hits[find.current];
    if (hit !== undefined) {
      const line = lineOf(starts, hit);
      if (line < first || line >= first + visible - 2) {
        scrollToLine(line);
      }
    }
  }, [find?.current, find?.hits]);

  const rows: { n: number; html: string }[] = [];
  for (let i = first; i < Math.min(lines, first + visible); i++) {
    const line = lineAt(text, starts, i);
    const colored = json && line.length <= COLOR_LIMIT ? colorJson(line) : null;
    rows.push({ n: i, html: markHits(line, starts[i] ?? 0, find, colored) });
  }
  const gutter = String(lines).length;

  const onKey = (e: KeyboardEvent) => {
    const el = scroller.current;
    if (!el) {
      return;
    }
    if (e.key === 'Home' && e.ctrlKey) {
      el.scrollTop = 0;
    } else if (e.key === 'End' && e.ctrlKey) {
      el.scrollTop = el.scrollHeight;
    }
  };

  return (
    <div
      ref={scroller}
      role="document"
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the body must be scrollable with the keyboard
      tabIndex={0}
      onKeyDown={onKey}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      className="relative h-full overflow-auto font-mono text-[12px]"
      // No scroll anchoring (rows are swapped every frame) and strict containment keep each frame cheap.
      style={{ overflowAnchor: 'none', contain: 'strict' }}
      data-testid="big-text-view"
      data-lines={lines}
    >
      <div style={{ height: spacer, position: 'relative' }}>
        <div
          style={{
            position: 'absolute',
            top: 0,
            left: 0,
            right: 0,
            transform: `translateY(${offsetPx}px)`,
            contain: 'content',
          }}
        >
          {rows.map((r) => (
            <div
              // Keyed by slot, not line: scrolling reuses the same DOM rows and only swaps their text.
              key={r.n - first}
              className="flex whitespace-pre"
              style={{ height: ROW, lineHeight: `${ROW}px` }}
              data-line={r.n + 1}
            >
              <span
                className="sticky left-0 shrink-0 bg-zinc-50 pr-2 text-right text-zinc-500 dark:text-zinc-400 select-none dark:bg-zinc-900"
                style={{ width: `${gutter + 2}ch` }}
              >
                {r.n + 1}
              </span>
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: text is HTML-escaped above */}
              <span className="pl-2" dangerouslySetInnerHTML={{ __html: r.html }} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

/** All match offsets of `query` in `text` (capped), case-insensitive for small texts. */
export function findAll(text: string, query: string, cap = 10_000): number[] {
  if (query === '') {
    return [];
  }
  const small = text.length < 5_000_000;
  const hay = small ? text.toLowerCase() : text;
  const needle = small ? query.toLowerCase() : query;
  const hits: number[] = [];
  let i = hay.indexOf(needle);
  while (i >= 0 && hits.length < cap) {
    hits.push(i);
    i = hay.indexOf(needle, i + needle.length);
  }
  return hits;
}
