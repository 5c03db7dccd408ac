import { describe, expect, it } from 'vitest';
import { parseCsv, parseDataFile } from './data-file';

describe('run data files', () => {
  it('parses CSV with quotes, escaped quotes and CRLF', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n1,\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['1', ''],
    ]);
  });

  it('turns CSV rows into objects by header and accepts JSON arrays', () => {
    expect(parseDataFile('d.csv', 'user,id\nann,1\nbob,2')).toEqual([
      { user: 'ann', id: '1' },
      { user: 'bob', id: '2' },
    ]);
    expect(parseDataFile('d.json', '[{"n":1},{"n":2}]')).toEqual([{ n: 1 }, { n: 2 }]);
    expect(() => parseDataFile('d.json', '{"n":1}')).toThrow(/array/);
  });
});
