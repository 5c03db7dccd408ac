// Request bodies from OpenAPI media types (JSON/XML/text examples, urlencoded and multipart forms).
import type { TBody, TRawLanguage } from '../../schema';
import { isObject, type Json, kv } from '../util';
import { type Ctx, deref, scalarText } from './context';
import { exampleFromSchema } from './example-from-schema';

function languageOf(mediaType: string): TRawLanguage {
  if (/json/i.test(mediaType)) {
    return 'json';
  }
  if (/xml/i.test(mediaType)) {
    return 'xml';
  }
  if (/html/i.test(mediaType)) {
    return 'html';
  }
  if (/javascript/i.test(mediaType)) {
    return 'javascript';
  }
  return 'text';
}

/** Form rows from an object schema: required fields enabled, optional ones kept disabled. */
function formRows(
  ctx: Ctx,
  schema: unknown,
): { key: string; value: string; enabled: boolean; file: boolean }[] {
  const resolved = deref(ctx, schema, 'schema');
  if (!isObject(resolved)) {
    return [];
  }
  const parts = Array.isArray(resolved.allOf) ? [resolved, ...resolved.allOf] : [resolved];
  const rows: { key: string; value: string; enabled: boolean; file: boolean }[] = [];
  for (const part of parts) {
    const s = deref(ctx, part, 'schema');
    if (!isObject(s) || !isObject(s.properties)) {
      continue;
    }
    const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
    for (const [key, prop] of Object.entries(s.properties)) {
      const p = deref(ctx, prop, `schema.properties.${key}`);
      const file = isObject(p) && (p.format === 'binary' || p.type === 'file');
      const value = file ? '' : scalarText(exampleFromSchema(p, ctx.lookup, { maxDepth: 3, maxNodes: 200 }));
      rows.push({ key, value, enabled: required.has(key), file });
    }
  }
  return rows;
}

export function bodyFromMedia(ctx: Ctx, mediaType: string, media: Json): TBody {
  if (/x-www-form-urlencoded/i.test(mediaType)) {
    return {
      mode: 'urlencoded',
      urlencoded: formRows(ctx, media.schema).map((r) => kv(r.key, r.value, r.enabled)),
    };
  }
  if (/multipart\//i.test(mediaType)) {
    return {
      mode: 'formdata',
      formdata: formRows(ctx, media.schema).map((r) => ({
        key: r.key,
        type: r.file ? ('file' as const) : ('text' as const),
        value: r.value,
        enabled: r.enabled,
      })),
    };
  }
  let example: unknown = media.example;
  if (example === undefined && isObject(media.examples)) {
    const first = deref(ctx, Object.values(media.examples)[0], 'examples');
    example = isObject(first) ? first.value : undefined;
  }
  if (example === undefined) {
    example = exampleFromSchema(media.schema, ctx.lookup);
  }
  const language = languageOf(mediaType);
  let raw = '';
  if (typeof example === 'string') {
    raw = example;
  } else if (example !== undefined) {
    raw = JSON.stringify(example, null, 2);
  }
  return { mode: 'raw', raw, language };
}

export function pickMediaType(types: string[]): string | undefined {
  return (
    types.find((t) => /json/i.test(t)) ??
    types.find((t) => /x-www-form-urlencoded/i.test(t)) ??
    types.find((t) => /multipart\//i.test(t)) ??
    types[0]
  );
}
