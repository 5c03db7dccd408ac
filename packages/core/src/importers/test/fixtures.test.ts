import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toOpenApi } from '../../exporters/openapi/to-openapi';
import { toPostmanCollection } from '../../exporters/postman';
import type { TCollection, TItem } from '../../schema';
import { CollectionFormat, EnvironmentFormat } from '../../schema';
import { importAny } from '../import-any';
import { fromPostmanCollection } from '../postman';
import { parseStructured } from '../util';

// ../shared/fixtures from the repo root (/work/main → /work/shared/fixtures).
const root = resolve(import.meta.dirname, '../../../../../../shared/fixtures');
const present = existsSync(root);
if (!present) {
  console.warn(`importer fixtures not found at ${root}: real-file tests skipped`);
}

/** Iteration-data files are inputs to a run, not importable documents. */
const notImportable = new Set(['newman-globals-env-data-files.postman_data.json']);

function files(): { dir: string; name: string; path: string }[] {
  if (!present) {
    return [];
  }
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(root, d.name)).map((name) => ({ dir: d.name, name, path: join(root, d.name, name) })),
    );
}

function countRequests(items: readonly TItem[]): number {
  return items.reduce((n, i) => n + (i.type === 'folder' ? countRequests(i.items) : 1), 0);
}

function operations(doc: unknown): string[] {
  const out: string[] = [];
  const d = doc as {
    paths?: Record<string, Record<string, unknown>>;
    webhooks?: Record<string, Record<string, unknown>>;
  };
  for (const [path, item] of Object.entries(d.paths ?? {})) {
    for (const m of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']) {
      if (item && typeof item === 'object' && m in item) {
        out.push(`${m.toUpperCase()} ${path}`);
      }
    }
  }
  return out.sort();
}

function stripIds(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(stripIds);
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k !== 'id' && k !== '_postman_id') {
        out[k] = stripIds(v);
      }
    }
    return out;
  }
  return value;
}

describe.skipIf(!present)('real fixture files', () => {
  for (const f of files()) {
    if (f.name.endsWith('.md')) {
      continue;
    }
    if (notImportable.has(f.name)) {
      it(`${f.dir}/${f.name} is refused cleanly (iteration data, not a collection)`, async () => {
        const r = await importAny(readFileSync(f.path, 'utf8'), { filename: f.name });
        expect(r.ok).toBe(false);
        expect(r.ok ? '' : r.error.code).toBe('IMPORT_INVALID');
      });
      continue;
    }
    it(`${f.dir}/${f.name} imports into valid collections/environments`, async () => {
      const r = await importAny(readFileSync(f.path, 'utf8'), { filename: f.name });
      if (!r.ok) {
        throw r.error;
      }
      const { collections, environments } = r.value;
      expect(collections.length + environments.length).toBeGreaterThan(0);
      for (const c of collections) {
        // Everything we produce must pass our own saved format.
        const parsed = CollectionFormat.safeParse(c);
        expect(parsed.ok, parsed.ok ? '' : parsed.error.message).toBe(true);
      }
      for (const e of environments) {
        expect(EnvironmentFormat.safeParse(e).ok).toBe(true);
      }
      if (f.dir === 'openapi') {
        const expected = operations(parseStructured(readFileSync(f.path, 'utf8')));
        const total = collections.reduce((n, c) => n + countRequests(c.items), 0);
        expect(total).toBeGreaterThanOrEqual(expected.length);
      }
    });
  }

  for (const f of files().filter((x) => x.dir === 'openapi')) {
    it(`OpenAPI → collection → OpenAPI keeps every operation: ${f.name}`, async () => {
      const text = readFileSync(f.path, 'utf8');
      const r = await importAny(text);
      if (!r.ok) {
        throw r.error;
      }
      const collection = r.value.collections[0] as TCollection;
      const { document } = toOpenApi(collection);
      const before = operations(parseStructured(text));
      expect(operations(document)).toEqual(expect.arrayContaining(before));
      // The exported document is itself importable.
      const again = await importAny(JSON.stringify(document));
      expect(again.ok).toBe(true);
    });
  }

  for (const f of files().filter((x) => x.dir === 'postman' && x.name.endsWith('.postman_collection.json'))) {
    it(`Postman → ours → Postman → ours is stable modulo ids: ${f.name}`, () => {
      const first = fromPostmanCollection(JSON.parse(readFileSync(f.path, 'utf8')));
      if (!first.ok) {
        throw first.error;
      }
      const exported = toPostmanCollection(first.value.value);
      const second = fromPostmanCollection(JSON.parse(JSON.stringify(exported)));
      if (!second.ok) {
        throw second.error;
      }
      expect(stripIds(second.value.value)).toEqual(stripIds(first.value.value));
      expect(stripIds(toPostmanCollection(second.value.value))).toEqual(stripIds(exported));
    });
  }

  it('imports every curl entry of curl-commands.txt', async () => {
    const path = join(root, 'curl', 'curl-commands.txt');
    const text = readFileSync(path, 'utf8');
    const r = await importAny(text);
    if (!r.ok) {
      throw r.error;
    }
    const entries = text.split('\n').filter((l) => l.startsWith('### ')).length;
    expect(countRequests(r.value.collections[0]?.items ?? [])).toBeGreaterThanOrEqual(entries);
  });

  it('imports Insomnia sub-environments merged over their base', async () => {
    const r = await importAny(readFileSync(join(root, 'insomnia', 'inso-insomnia_v4.json'), 'utf8'));
    if (!r.ok) {
      throw r.error;
    }
    expect(r.value.environments.length).toBeGreaterThanOrEqual(2);
    const base = r.value.environments[0];
    const sub = r.value.environments[1];
    for (const v of base?.variables ?? []) {
      expect(sub?.variables.some((s) => s.key === v.key)).toBe(true);
    }
  });
});
