import { useEffect, useState } from 'react';
import { indexLines } from './line-index';

export interface PrettyResult {
  text: string;
  starts: Uint32Array;
  /** False while the worker is still formatting (the raw text is shown meanwhile). */
  formatted: boolean;
  failed: boolean;
}

let worker: Worker | null = null;
let seq = 0;

function getWorker(): Worker | null {
  if (typeof Worker === 'undefined') {
    return null;
  }
  worker ??= new Worker(new URL('./pretty-worker.ts', import.meta.url), { type: 'module' });
  return worker;
}

/**
 * Big bodies: show the raw text at once (indexed into rows on this thread, which is a fast `indexOf` loop) and
 * swap in the pretty-printed JSON when the worker is done.
 */
export function usePretty(text: string, kind: 'json' | 'text'): PrettyResult {
  const [state, setState] = useState<PrettyResult>(() => ({
    text,
    starts: indexLines(text),
    formatted: kind !== 'json',
    failed: false,
  }));
  useEffect(() => {
    setState((s) =>
      s.text === text ? s : { text, starts: indexLines(text), formatted: kind !== 'json', failed: false },
    );
    if (kind !== 'json') {
      return;
    }
    const w = getWorker();
    if (!w) {
      return;
    }
    const id = ++seq;
    const onMsg = (ev: MessageEvent<{ id: number; ok: boolean; text: string; starts: Uint32Array }>) => {
      if (ev.data.id !== id) {
        return;
      }
      w.removeEventListener('message', onMsg);
      if (ev.data.ok) {
        setState({ text: ev.data.text, starts: ev.data.starts, formatted: true, failed: false });
      } else {
        setState((s) => ({ ...s, formatted: true, failed: true }));
      }
    };
    w.addEventListener('message', onMsg);
    w.postMessage({ id, text, kind });
    return () => w.removeEventListener('message', onMsg);
  }, [text, kind]);
  return state;
}
