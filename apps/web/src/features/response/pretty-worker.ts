/// <reference lib="webworker" />
import { indexLines } from './line-index';

interface PrettyRequest {
  id: number;
  text: string;
  kind: 'json' | 'text';
}

// Pretty-printing and line indexing of big bodies run here so the UI thread never blocks on them.
self.onmessage = (ev: MessageEvent<PrettyRequest>) => {
  const { id, text, kind } = ev.data;
  let pretty = text;
  let ok = true;
  if (kind === 'json') {
    try {
      pretty = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      ok = false;
    }
  }
  const starts = indexLines(pretty);
  (self as unknown as Worker).postMessage({ id, ok, text: pretty, starts }, [starts.buffer]);
};
