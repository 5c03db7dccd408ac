import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIterationData, readIterationData } from './data-file';

describe('parseIterationData', () => {
  it('reads CSV with a header row, quotes, BOM and blank lines; unquoted numbers cast as newman casts them', () => {
    const r = parseIterationData('\uFEFFuser,note,n\nann,"hello, world",1\n\nbob,"say ""hi""",2\n', 'csv');
    expect(r).toEqual({
      ok: true,
      value: [
        { user: 'ann', note: 'hello, world', n: 1 },
        { user: 'bob', note: 'say "hi"', n: 2 },
      ],
    });
  });

  it('casts CSV values exactly like newman: numbers unless quoted, everything else text', () => {
    const r = parseIterationData('a,b,c,d,e,f\n007,1e3, 5 ,"12",true,\n.5,0x10,-0,+1,null,x y\n', 'csv');
    expect(r.ok && r.value).toEqual([
      { a: 7, b: 1000, c: 5, d: '12', e: 'true', f: '' },
      { a: 0.5, b: 0, c: -0, d: 1, e: 'null', f: 'x y' },
    ]);
  });

  it('reads a JSON array of objects and keeps value types', () => {
    const r = parseIterationData('[{"id": 1, "tags": ["a"]}, {"id": 2}]');
    expect(r.ok && r.value).toEqual([{ id: 1, tags: ['a'] }, { id: 2 }]);
  });

  it('rejects bad JSON, non-arrays and non-object rows with a message', () => {
    const bad = parseIterationData('[{"id": 1}', 'json');
    expect(!bad.ok && bad.error.code).toBe('INVALID_JSON');
    const notArray = parseIterationData('{"id": 1}', 'json');
    expect(!notArray.ok && notArray.error.message).toContain('expected a JSON array');
    const row = parseIterationData('[{"id": 1}, 3]', 'json');
    expect(!row.ok && row.error.message).toContain('row 1');
    const csv = parseIterationData('a,b\n"unterminated,1\n', 'csv');
    expect(csv.ok).toBe(false);
  });
});

describe('readIterationData', () => {
  it('picks the format from the extension and reports unreadable files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apiplay-data-'));
    writeFileSync(join(dir, 'rows.csv'), 'k\nv1\nv2\n');
    writeFileSync(join(dir, 'rows.json'), '[{"k": "j"}]');
    expect(await readIterationData(join(dir, 'rows.csv'))).toEqual({
      ok: true,
      value: [{ k: 'v1' }, { k: 'v2' }],
    });
    expect(await readIterationData(join(dir, 'rows.json'))).toEqual({ ok: true, value: [{ k: 'j' }] });
    const missing = await readIterationData(join(dir, 'nope.csv'));
    expect(!missing.ok && missing.error.message).toContain('Cannot read data file');
  });
});
