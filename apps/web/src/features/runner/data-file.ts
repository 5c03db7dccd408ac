/** Parse CSV (RFC 4180: quotes, escaped quotes, newlines in quotes) into rows of strings. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
      }
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

/** A run data file (CSV with a header row, or a JSON array of objects) as one object per iteration. */
export function parseDataFile(name: string, text: string): Record<string, unknown>[] {
  if (name.toLowerCase().endsWith('.json') || text.trimStart().startsWith('[')) {
    const data: unknown = JSON.parse(text);
    if (!Array.isArray(data)) {
      throw new Error('A JSON data file must be an array of objects');
    }
    return data.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
  }
  const [header, ...rows] = parseCsv(text);
  if (!header) {
    return [];
  }
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
