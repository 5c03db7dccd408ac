/**
 * Start offsets of display lines in `text`. Lines longer than `wrapAt` are cut into chunks so a minified 50 MB
 * document still shows as scrollable rows. Returns a compact Uint32Array (offsets fit: bodies are capped well
 * below 4 GB).
 */
export function indexLines(text: string, wrapAt = 2000): Uint32Array {
  let out = new Uint32Array(Math.max(16, Math.ceil(text.length / 40)));
  let n = 0;
  const push = (v: number) => {
    if (n === out.length) {
      const bigger = new Uint32Array(out.length * 2);
      bigger.set(out);
      out = bigger;
    }
    out[n++] = v;
  };
  let start = 0;
  const len = text.length;
  while (start <= len) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) {
      nl = len;
    }
    for (let s = start; s < nl || s === start; s += wrapAt) {
      push(s);
      if (nl - s <= wrapAt) {
        break;
      }
    }
    start = nl + 1;
    if (nl === len) {
      break;
    }
  }
  return out.slice(0, n);
}

/** Text of display line `i` (without its newline). */
export function lineAt(text: string, starts: Uint32Array, i: number): string {
  const s = starts[i] ?? 0;
  const next = starts[i + 1];
  let end = next === undefined ? text.length : next;
  if (end > s && text.charCodeAt(end - 1) === 10) {
    end--;
  }
  return text.slice(s, end);
}

/** Display line containing character `offset` (binary search). */
export function lineOf(starts: Uint32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}
