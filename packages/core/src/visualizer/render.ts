// pm.visualizer.set output as a standalone HTML document for a sandboxed frame (srcdoc, scripts allowed, no
// same-origin). The template language is the part of Handlebars visualizers use most: {{path}} (escaped),
// {{{path}}} (raw), {{#each path}}…{{/each}} with `this` and @index, {{#if path}}…{{else}}…{{/if}}. The data is
// also handed to the frame's scripts through pm.getData(callback), as in Postman.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

function lookup(path: string, scope: unknown, index: number | undefined): unknown {
  const p = path.trim();
  if (p === '@index') {
    return index;
  }
  if (p === 'this' || p === '.') {
    return scope;
  }
  let cur: unknown = scope;
  for (const part of p.replace(/^this\./, '').split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) {
      return undefined;
    }
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const text = (v: unknown): string =>
  v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** The block ({{#name …}}) that starts at `from`: its body, {{else}} part and where it ends. */
function block(tpl: string, from: number, name: string): { body: string; alt: string; end: number } {
  const re = new RegExp(`{{(#${name}\\b[^}]*|/${name}|else)}}`, 'g');
  re.lastIndex = from;
  let depth = 1;
  let elseAt = -1;
  let elseEnd = -1;
  for (let m = re.exec(tpl); m; m = re.exec(tpl)) {
    const tag = m[1] ?? '';
    if (tag.startsWith('#')) {
      depth += 1;
    } else if (tag === 'else') {
      if (depth === 1 && elseAt < 0) {
        elseAt = m.index;
        elseEnd = re.lastIndex;
      }
    } else if (--depth === 0) {
      return elseAt < 0
        ? { body: tpl.slice(from, m.index), alt: '', end: re.lastIndex }
        : { body: tpl.slice(from, elseAt), alt: tpl.slice(elseEnd, m.index), end: re.lastIndex };
    }
  }
  return { body: tpl.slice(from), alt: '', end: tpl.length };
}

function render(tpl: string, scope: unknown, index: number | undefined, depth: number): string {
  if (depth > 20) {
    return '';
  }
  let out = '';
  const re = /{{{([^}]+)}}}|{{#(each|if|unless)\s+([^}]+)}}|{{([^#/!][^}]*)}}|{{![^}]*}}/g;
  let last = 0;
  for (let m = re.exec(tpl); m; m = re.exec(tpl)) {
    out += tpl.slice(last, m.index);
    last = re.lastIndex;
    if (m[1] !== undefined) {
      out += text(lookup(m[1], scope, index));
    } else if (m[2] !== undefined) {
      const b = block(tpl, re.lastIndex, m[2]);
      const v = lookup(m[3] ?? '', scope, index);
      if (m[2] === 'each') {
        const list = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : [];
        out += list.length
          ? list.map((item, i) => render(b.body, item, i, depth + 1)).join('')
          : render(b.alt, scope, index, depth + 1);
      } else {
        const truthy = Array.isArray(v) ? v.length > 0 : Boolean(v);
        out += render(truthy === (m[2] === 'if') ? b.body : b.alt, scope, index, depth + 1);
      }
      last = b.end;
      re.lastIndex = b.end;
    } else if (m[4] !== undefined) {
      out += escapeHtml(text(lookup(m[4], scope, index)));
    }
  }
  return out + tpl.slice(last);
}

/** The frame's document: the rendered template, with pm.getData(cb) handing scripts the data. */
export function visualizerDocument(template: string, dataJson: string | undefined): string {
  let data: unknown = null;
  try {
    data = dataJson ? JSON.parse(dataJson) : null;
  } catch {
    data = null;
  }
  // Inside a <script>: no "</script>" or "<!--" can close it early.
  const dataText = JSON.stringify(data).replace(/</g, '\\u003c');
  const api = `<script>var pm={getData:function(cb){cb(null,${dataText});}};</script>`;
  return `<!doctype html><html><head><meta charset="utf-8">${api}</head><body>${render(template, data, undefined, 0)}</body></html>`;
}
