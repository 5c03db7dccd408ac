import { readFile } from 'node:fs/promises';
import type { TCollection, TEnvironment, TVariable } from '@apiplay/core';
import {
  fromPostmanCollection,
  fromPostmanEnvironment,
  isPostmanCollection,
  readIterationData,
  type TDataRow,
} from './core';
import { CliError } from './exit-codes';

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(`Cannot read ${what} ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`${what} ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

function isNative(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && 'v' in doc;
}

/** A collection file: our saved format (`v`) or a Postman v2.0/v2.1 export. */
export async function loadCollection(path: string): Promise<{ collection: TCollection; warnings: string[] }> {
  const doc = await readJson(path, 'collection');
  if (isNative(doc)) {
    const { CollectionFormat } = await import('./native-formats');
    const parsed = CollectionFormat.safeParse(doc);
    if (!parsed.ok) {
      throw new CliError(`Invalid collection ${path}: ${parsed.error.message}`);
    }
    return { collection: parsed.value, warnings: [] };
  }
  if (!isPostmanCollection(doc)) {
    throw new CliError(`${path} is neither an API Playground collection nor a Postman v2 collection`);
  }
  const result = fromPostmanCollection(doc);
  if (!result.ok) {
    throw new CliError(`Invalid collection ${path}: ${result.error.message}`);
  }
  return { collection: result.value.value, warnings: result.value.warnings };
}

/** An environment or globals file: ours or Postman's (including old newman globals arrays). */
export async function loadEnvironment(path: string, what = 'environment'): Promise<TEnvironment> {
  const doc = await readJson(path, what);
  if (isNative(doc)) {
    const { EnvironmentFormat } = await import('./native-formats');
    const parsed = EnvironmentFormat.safeParse(doc);
    if (!parsed.ok) {
      throw new CliError(`Invalid ${what} ${path}: ${parsed.error.message}`);
    }
    return parsed.value;
  }
  const result = fromPostmanEnvironment(doc);
  if (!result.ok) {
    throw new CliError(`Invalid ${what} ${path}: ${result.error.message}`);
  }
  // newman reads every row of a Postman environment or globals file, `enabled: false` ones included (it loads
  // them into a VariableScope, which knows only `disabled`): `apiplay run` does the same (docs/postman-compat.md).
  const env = result.value.value;
  return { ...env, variables: env.variables.map((v) => (v.enabled ? v : { ...v, enabled: true })) };
}

export async function loadData(path: string): Promise<TDataRow[]> {
  const result = await readIterationData(path);
  if (!result.ok) {
    throw new CliError(result.error.message);
  }
  return result.value;
}

/** `key=value` pairs from repeated `--env-var` / `--global-var`. */
export function parsePairs(pairs: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      throw new CliError(`${flag} expects key=value, got "${pair}"`);
    }
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** Final values merged onto the original rows so flags (secret, disabled) and order survive an export. */
export function mergeVariables(original: readonly TVariable[], final: readonly TVariable[]): TVariable[] {
  const byKey = new Map(final.map((v) => [v.key, v]));
  const out: TVariable[] = [];
  for (const v of original) {
    const now = byKey.get(v.key);
    if (now) {
      out.push({ ...v, value: now.value });
      byKey.delete(v.key);
    } else if (!v.enabled) {
      out.push(v);
    }
  }
  for (const v of byKey.values()) {
    out.push(v);
  }
  return out;
}
