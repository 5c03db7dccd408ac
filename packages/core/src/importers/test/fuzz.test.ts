import { describe, expect, it } from 'vitest';
import { CollectionFormat, EnvironmentFormat } from '../../schema';
import { importAny } from '../import-any';
import { allSamples } from './samples';

/** Deterministic PRNG (mulberry32) so a failing input can be reproduced from its index. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const special = [
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  ':',
  ',',
  '\n',
  ' ',
  '-',
  '#',
  '@',
  '\\',
  '$',
  '&',
  '*',
  '!',
  '|',
  '>',
  '\0',
  '\u2028',
  '😀',
];

function flip(text: string, r: () => number): string {
  const chars = [...text];
  const n = 1 + Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * chars.length);
    chars[at] =
      r() < 0.6
        ? (special[Math.floor(r() * special.length)] ?? '')
        : String.fromCharCode(Math.floor(r() * 128));
  }
  return chars.join('');
}

function truncate(text: string, r: () => number): string {
  return text.slice(0, Math.floor(r() * text.length));
}

const replacements: unknown[] = [
  null,
  0,
  -1,
  1e308,
  '',
  'x',
  true,
  [],
  {},
  [1, 'a', null],
  { $ref: '#/nope' },
  { $ref: '#' },
  '{{a}}',
];

function swapTypes(text: string, r: () => number): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return flip(text, r);
  }
  const visit = (node: unknown, depth: number): unknown => {
    if (r() < 0.08 && depth > 0) {
      return replacements[Math.floor(r() * replacements.length)];
    }
    if (Array.isArray(node)) {
      return node.map((x) => visit(x, depth + 1));
    }
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, visit(v, depth + 1)]));
    }
    return node;
  };
  return JSON.stringify(visit(doc, 0));
}

function deepNest(text: string, r: () => number): string {
  const depth = 200 + Math.floor(r() * 10_000);
  const kind = Math.floor(r() * 4);
  if (kind === 0) {
    return `${'['.repeat(depth)}${']'.repeat(depth)}`;
  }
  if (kind === 1) {
    return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  }
  if (kind === 2) {
    // Deep nesting inside an otherwise valid document, where importers walk.
    try {
      const doc = JSON.parse(text) as Record<string, unknown>;
      // A chain (each level holds the previous once), so the text grows linearly with depth.
      let inner: unknown = { x: 1 };
      for (let i = 0; i < Math.min(depth, 3000); i++) {
        inner =
          i % 3 === 0 ? { item: [inner], name: 'f' } : i % 3 === 1 ? { properties: { p: inner } } : [inner];
      }
      const keys = Object.keys(doc);
      const key = keys[Math.floor(r() * keys.length)] ?? 'item';
      doc[key] = inner;
      return JSON.stringify(doc);
    } catch {
      return `${'- '.repeat(Math.min(depth, 5000))}x`;
    }
  }
  return `${'a:\n  '.repeat(Math.min(depth, 500))}1`;
}

function mutate(text: string, r: () => number): string {
  const pick = Math.floor(r() * 5);
  switch (pick) {
    case 0:
      return flip(text, r);
    case 1:
      return truncate(text, r);
    case 2:
      return swapTypes(text, r);
    case 3:
      return deepNest(text, r);
    default:
      return flip(truncate(text, r) + text.slice(Math.floor(r() * text.length)), r);
  }
}

const PER_SAMPLE = 300;
const LIMIT_MS = 5000;

describe('importer fuzz', () => {
  for (const [name, sample] of Object.entries(allSamples)) {
    it(`${PER_SAMPLE} mutations of ${name}: no throw, no hang, valid output or IMPORT_INVALID`, async () => {
      const r = rng([...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
      let slowest = 0;
      for (let i = 0; i < PER_SAMPLE; i++) {
        const input = mutate(sample, r);
        const started = performance.now();
        const result = await importAny(input);
        const elapsed = performance.now() - started;
        slowest = Math.max(slowest, elapsed);
        const label = `${name} #${i}: ${input.slice(0, 120)}`;
        expect(elapsed, label).toBeLessThan(LIMIT_MS);
        if (result.ok) {
          for (const c of result.value.collections) {
            const parsed = CollectionFormat.safeParse(c);
            expect(parsed.ok, `${label} → ${parsed.ok ? '' : parsed.error.message}`).toBe(true);
          }
          for (const e of result.value.environments) {
            expect(EnvironmentFormat.safeParse(e).ok, label).toBe(true);
          }
        } else {
          expect(['IMPORT_INVALID', 'PAYLOAD_TOO_LARGE'], label).toContain(result.error.code);
          expect(result.error.message.length, label).toBeGreaterThan(0);
        }
      }
      expect(slowest).toBeLessThan(LIMIT_MS);
    }, 120_000);
  }
});
