import { AppError, err, ok, type Result } from '../errors';
import { CollectionFormat, EnvironmentFormat } from '../schema';
import { fromCurl, looksLikeCurl } from './curl/from-curl';
import { detectParsed } from './detect-format';
import { fromHar } from './har/from-har';
import { fromInsomnia } from './insomnia/from-insomnia';
import { fromOpenApi } from './openapi/from-openapi';
import { fromPostmanCollection, fromPostmanEnvironment, isPostmanEnvironment } from './postman';
import type { ImportOptions, ImportOutput, TImportFormat } from './types';
import { ImportFailure, importInvalid, parseStructured } from './util';

/** Default size cap of an import (bytes). */
export const DEFAULT_IMPORT_MAX_BYTES = 20 * 1024 * 1024;

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

function baseName(filename: string | undefined): string | undefined {
  if (!filename) {
    return undefined;
  }
  const last = filename.split(/[\\/]/).pop() ?? filename;
  return last.replace(/\.(json|ya?ml|har|txt|sh)$/i, '') || undefined;
}

async function run(
  text: string,
  format: TImportFormat | undefined,
  filename?: string,
): Promise<ImportOutput> {
  if (format === 'curl' || (format === undefined && looksLikeCurl(text))) {
    return fromCurl(text, filename);
  }
  const doc = parseStructured(text);
  const detected = format ?? detectParsed(doc);
  switch (detected) {
    case 'postman':
    case 'postman-environment': {
      if (detected === 'postman-environment' || isPostmanEnvironment(doc)) {
        const env = fromPostmanEnvironment(doc);
        if (!env.ok) {
          throw env.error;
        }
        return { collections: [], environments: [env.value.value], warnings: env.value.warnings };
      }
      const col = fromPostmanCollection(doc);
      if (!col.ok) {
        throw col.error;
      }
      return { collections: [col.value.value], environments: [], warnings: col.value.warnings };
    }
    case 'openapi':
      return fromOpenApi(doc, filename);
    case 'insomnia':
      return fromInsomnia(doc);
    case 'har':
      return fromHar(doc, filename);
    case 'curl':
      return fromCurl(text, filename);
    case null:
      throw new ImportFailure(
        'unrecognised format: expected a Postman collection or environment, OpenAPI 3.x / Swagger 2.0, Insomnia v4 export, HAR 1.2 or curl commands',
      );
    default: {
      const never: never = detected;
      throw new ImportFailure(`unsupported format ${String(never)}`);
    }
  }
}

/**
 * Import any supported format (auto-detected unless `format` is given) into our collections and environments.
 * Never throws: bad input is `IMPORT_INVALID` naming the place (line/column or JSON path), oversize input is
 * `PAYLOAD_TOO_LARGE`.
 */
export async function importAny(text: string, options: ImportOptions = {}): Promise<Result<ImportOutput>> {
  const maxBytes = options.maxBytes ?? DEFAULT_IMPORT_MAX_BYTES;
  if (typeof text !== 'string') {
    return err(importInvalid('import content must be text'));
  }
  if (text.length > maxBytes || (text.length * 3 > maxBytes && byteLength(text) > maxBytes)) {
    return err(new AppError('PAYLOAD_TOO_LARGE', `import is larger than ${maxBytes} bytes`, { maxBytes }));
  }
  if (text.trim() === '') {
    return err(importInvalid('import is empty'));
  }
  const filename = baseName(options.filename);
  try {
    const output = await run(text, options.format, filename);
    // Whatever a format importer produced must be a valid saved document; a gap there is still bad input.
    for (const [i, c] of output.collections.entries()) {
      const parsed = CollectionFormat.safeParse(c);
      if (!parsed.ok) {
        return err(importInvalid(`collection ${i + 1}: ${parsed.error.message}`, parsed.error.details));
      }
    }
    for (const [i, e] of output.environments.entries()) {
      const parsed = EnvironmentFormat.safeParse(e);
      if (!parsed.ok) {
        return err(importInvalid(`environment ${i + 1}: ${parsed.error.message}`, parsed.error.details));
      }
    }
    return ok(output);
  } catch (error) {
    if (error instanceof AppError) {
      return err(error.code === 'IMPORT_INVALID' ? error : importInvalid(error.message, error.details));
    }
    if (error instanceof ImportFailure) {
      return err(importInvalid(error.message));
    }
    // Anything else (a stack overflow on absurd nesting, a library bug) is still bad input, not a crash.
    const message = error instanceof Error ? error.message : String(error);
    return err(importInvalid(`could not import: ${message}`));
  }
}
