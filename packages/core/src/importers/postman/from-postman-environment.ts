import { err, ok, type Result } from '../../errors';
import type { TEnvironment, TVariable } from '../../schema';
import { type PostmanImport, toImportError } from './from-postman-collection';
import { description, expectObject, isObject, looseText, optionalArray, text } from './read';

/** True when a parsed JSON value looks like a Postman environment or globals export. */
export function isPostmanEnvironment(doc: unknown): boolean {
  if (Array.isArray(doc)) {
    // Old newman globals files are a bare array of `{ key, value, enabled }`.
    return (
      doc.length > 0 && doc.every((row) => isObject(row) && typeof row.key === 'string' && 'value' in row)
    );
  }
  if (!isObject(doc) || !Array.isArray(doc.values)) {
    return false;
  }
  return typeof doc._postman_variable_scope === 'string' || typeof doc.name === 'string' || 'id' in doc;
}

/**
 * Convert a Postman environment or globals export (`{ id, name, values: [{ key, value, enabled, type }] }`)
 * to our environment format; a bare array of values (old newman globals files) is accepted too.
 * `type: 'secret'` marks the variable secret. Never throws.
 */
export function fromPostmanEnvironment(input: unknown): Result<PostmanImport<TEnvironment>> {
  const warnings: string[] = [];
  try {
    const doc = Array.isArray(input) ? { values: input } : expectObject(input, '$');
    const variables: TVariable[] = [];
    optionalArray(doc.values, '$.values').forEach((raw, i) => {
      const p = `$.values[${i}]`;
      const row = expectObject(raw, p);
      const key = text(row.key, `${p}.key`);
      if (key === '') {
        warnings.push(`${p}: variable without a key dropped`);
        return;
      }
      const variable: TVariable = {
        key,
        value: looseText(row.value),
        enabled: row.enabled !== false && row.disabled !== true,
        secret: row.type === 'secret',
      };
      const desc = description(row.description, `${p}.description`);
      if (desc) {
        variable.description = desc;
      }
      variables.push(variable);
    });
    const scope =
      typeof doc._postman_variable_scope === 'string' ? doc._postman_variable_scope : 'environment';
    const environment: TEnvironment = {
      v: 1,
      id: text(doc.id, '$.id') || globalThis.crypto.randomUUID(),
      name: text(doc.name, '$.name') || (scope === 'globals' ? 'Globals' : 'Imported environment'),
      variables,
    };
    return ok({ value: environment, warnings });
  } catch (e) {
    return err(toImportError(e));
  }
}
