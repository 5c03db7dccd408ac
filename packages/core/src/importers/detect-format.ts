import { looksLikeCurl } from './curl/from-curl';
import { isHar } from './har/from-har';
import { isInsomniaExport } from './insomnia/from-insomnia';
import { isOpenApiDocument } from './openapi/from-openapi';
import { isPostmanCollection, isPostmanEnvironment } from './postman';
import type { TImportFormat } from './types';
import { isObject, parseStructured } from './util';

/** Newman fixtures carry environments as just `{ values: [{ key, value }] }`, without name or scope. */
function isBareValues(doc: unknown): boolean {
  if (!isObject(doc) || !Array.isArray(doc.values) || doc.values.length === 0) {
    return false;
  }
  return doc.values.every((row) => isObject(row) && typeof row.key === 'string');
}

/** Which format a parsed document is, or null. */
export function detectParsed(doc: unknown): TImportFormat | null {
  if (isPostmanCollection(doc)) {
    return 'postman';
  }
  if (isPostmanEnvironment(doc) || isBareValues(doc)) {
    return 'postman-environment';
  }
  if (isOpenApiDocument(doc)) {
    return 'openapi';
  }
  if (isInsomniaExport(doc)) {
    return 'insomnia';
  }
  if (isHar(doc)) {
    return 'har';
  }
  return null;
}

/** Guess the format of an import from its text: cURL by its first command, the rest by their JSON/YAML shape. */
export function detectFormat(text: string): TImportFormat | null {
  if (looksLikeCurl(text)) {
    return 'curl';
  }
  try {
    return detectParsed(parseStructured(text));
  } catch {
    return null;
  }
}
