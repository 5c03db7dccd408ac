import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import parseCsv from 'csv-parse/lib/sync.js';
import { AppError, err, ok, type Result } from '../errors';

/** One iteration's data row. */
export type TDataRow = Record<string, unknown>;

/**
 * Parse iteration data: a JSON array of objects, or CSV with a header row. CSV values are cast as newman casts
 * them: unquoted integers and floats become numbers (`007` → 7, `1e3` → 1000), everything else stays text.
 * `format` defaults to the file extension, falling back to sniffing for a leading `[`.
 */
export function parseIterationData(text: string, format?: 'json' | 'csv'): Result<TDataRow[]> {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  const kind = format ?? (trimmed.startsWith('[') ? 'json' : 'csv');
  if (kind === 'json') {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (e) {
      return err(new AppError('INVALID_JSON', `Data file is not valid JSON: ${(e as Error).message}`));
    }
    if (!Array.isArray(doc)) {
      return err(new AppError('VALIDATION_FAILED', 'Data file: expected a JSON array of objects'));
    }
    const rows: TDataRow[] = [];
    for (const [i, row] of doc.entries()) {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        return err(new AppError('VALIDATION_FAILED', `Data file: row ${i} is not an object`));
      }
      rows.push(row as TDataRow);
    }
    return ok(rows);
  }
  try {
    const records: unknown = parseCsv(trimmed, {
      columns: true,
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
      // newman's options: trim around delimiters, tolerate stray quotes, cast unquoted numbers.
      trim: true,
      relax: true,
      escape: '"',
      cast: castLikeNewman,
    });
    return ok(Array.isArray(records) ? (records as TDataRow[]) : []);
  } catch (e) {
    return err(new AppError('VALIDATION_FAILED', `Data file is not valid CSV: ${(e as Error).message}`));
  }
}

const NEWMAN_INT = /^(-|\+)?([1-9]+[0-9]*)$/;

/** newman's `csvAutoParse` (lib/run/options.js and util.isInt/isFloat), kept byte for byte in behaviour. */
function castLikeNewman(value: string, context: { quoting: boolean }): unknown {
  if (context.quoting) {
    return value;
  }
  if (NEWMAN_INT.test(value)) {
    return Number.parseInt(value, 10);
  }
  // util.isFloat: (value - parseFloat(value) + 1) >= 0, with JavaScript's string-to-number coercion.
  if (Number(value) - Number.parseFloat(value) + 1 >= 0) {
    return Number.parseFloat(value);
  }
  return value;
}

/** Read and parse a data file (`.json` or `.csv`). */
export async function readIterationData(path: string): Promise<Result<TDataRow[]>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return err(new AppError('NOT_FOUND', `Cannot read data file ${path}: ${(e as Error).message}`));
  }
  const ext = extname(path).toLowerCase();
  return parseIterationData(text, ext === '.json' ? 'json' : ext === '.csv' ? 'csv' : undefined);
}
