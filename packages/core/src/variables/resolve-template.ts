import { generateDynamic } from './dynamic-variables';
import { stringifyValue, type VariableScopes } from './variable-scopes';

/** A resolved value and the problems met on the way (unresolved names, cycles). */
export interface ResolveResult<T> {
  value: T;
  warnings: string[];
}

// Postman gives up nesting after ~20 levels; deeper chains are reported rather than followed.
const MAX_DEPTH = 20;
// With its capture group, split() gives [text, name, text, name, …, text].
const TEMPLATE = /\{\{([^{}]+)\}\}/;
// Templates split once: a run expands the same few hundred texts over and over (a load test, millions of times).
const splitTemplates = new Map<string, string[]>();
const MAX_SPLIT_TEMPLATES = 10_000;

function splitTemplate(text: string): string[] {
  let parts = splitTemplates.get(text);
  if (parts === undefined) {
    parts = text.split(TEMPLATE);
    if (splitTemplates.size >= MAX_SPLIT_TEMPLATES) {
      splitTemplates.clear();
    }
    splitTemplates.set(text, parts);
  }
  return parts;
}

// Set while expanding when the result may differ next time with the same scopes: a dynamic variable ({{$guid}}) or
// a warning that must be reported again (unresolved name, cycle, depth). Such expansions are not cached.
let volatile = false;
// Longer texts (bodies) are not cached: thousands of VUs would each keep a copy.
const MAX_CACHED_TEXT = 4096;

function addWarning(warnings: string[], message: string): void {
  volatile = true;
  if (!warnings.includes(message)) {
    warnings.push(message);
  }
}

function expandName(name: string, scopes: VariableScopes, stack: string[], warnings: string[]): string {
  if (stack.includes(name)) {
    addWarning(warnings, `Variable cycle: ${[...stack.slice(stack.indexOf(name)), name].join(' → ')}`);
    return `{{${name}}}`;
  }
  const found = scopes.lookup(name);
  if (found !== undefined) {
    const str = stringifyValue(found.value);
    if (!str.includes('{{')) {
      return str;
    }
    if (stack.length >= MAX_DEPTH) {
      addWarning(warnings, `Variable nesting deeper than ${MAX_DEPTH} levels: {{${name}}}`);
      return str;
    }
    stack.push(name);
    const out = expand(str, scopes, stack, warnings);
    stack.pop();
    return out;
  }
  if (name.charCodeAt(0) === 36 /* $ */) {
    const dyn = generateDynamic(name);
    if (dyn !== undefined) {
      volatile = true;
      return dyn;
    }
  }
  addWarning(warnings, `Unresolved variable: {{${name}}}`);
  return `{{${name}}}`;
}

function expand(text: string, scopes: VariableScopes, stack: string[], warnings: string[]): string {
  if (!text.includes('{{')) {
    return text;
  }
  const parts = splitTemplate(text);
  let out = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    out += expandName(parts[i] ?? '', scopes, stack, warnings) + (parts[i + 1] ?? '');
  }
  return out;
}

/** `expand` from the top, through the scopes' cache of earlier expansions. */
function expandCached(text: string, scopes: VariableScopes, warnings: string[]): string {
  if (!text.includes('{{')) {
    return text;
  }
  const cache = text.length <= MAX_CACHED_TEXT ? scopes.expansionCache() : undefined;
  if (!cache) {
    return expand(text, scopes, [], warnings);
  }
  const version = scopes.version;
  const entry = cache.get(text);
  if (entry?.version === version) {
    return entry.value;
  }
  volatile = false;
  const value = expand(text, scopes, [], warnings);
  if (!volatile) {
    if (entry) {
      entry.version = version;
      entry.value = value;
    } else {
      cache.set(text, { version, value });
    }
  }
  return value;
}

/**
 * Substitute `{{name}}` in `text` with Postman's rules: the narrowest scope wins, values may themselves contain
 * templates (resolved recursively), `{{$guid}}`-style dynamic variables generate fresh values, unknown names stay
 * as written and cycles are reported — never looped.
 */
export function resolveTemplate(text: string, scopes: VariableScopes): ResolveResult<string> {
  const warnings: string[] = [];
  const value = expandCached(text, scopes, warnings);
  return { value, warnings };
}

/** Like `resolveTemplate`, appending warnings to a list the caller owns (saves allocations in hot paths). */
export function resolveInto(text: string, scopes: VariableScopes, warnings: string[]): string {
  return expandCached(text, scopes, warnings);
}

function deep(value: unknown, scopes: VariableScopes, warnings: string[]): unknown {
  if (typeof value === 'string') {
    return expandCached(value, scopes, warnings);
  }
  if (Array.isArray(value)) {
    return value.map((v) => deep(v, scopes, warnings));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = deep(v, scopes, warnings);
    }
    return out;
  }
  return value;
}

/** Resolve every string inside a plain object/array tree (keys are left alone). Returns a copy. */
export function resolveDeep<T>(value: T, scopes: VariableScopes): ResolveResult<T> {
  const warnings: string[] = [];
  // deep() preserves the shape of plain data, so the cast only restores the caller's type.
  const out = deep(value, scopes, warnings) as T;
  return { value: out, warnings };
}
