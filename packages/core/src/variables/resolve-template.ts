import { generateDynamic } from './dynamic-variables';
import { stringifyValue, type VariableScopes } from './variable-scopes';

/** A resolved value and the problems met on the way (unresolved names, cycles). */
export interface ResolveResult<T> {
  value: T;
  warnings: string[];
}

// Postman gives up nesting after ~20 levels; deeper chains are reported rather than followed.
const MAX_DEPTH = 20;
const TEMPLATE = /\{\{([^{}]+)\}\}/g;

function addWarning(warnings: string[], message: string): void {
  if (!warnings.includes(message)) {
    warnings.push(message);
  }
}

function expand(text: string, scopes: VariableScopes, stack: string[], warnings: string[]): string {
  if (!text.includes('{{')) {
    return text;
  }
  return text.replace(TEMPLATE, (match: string, name: string) => {
    if (stack.includes(name)) {
      addWarning(warnings, `Variable cycle: ${[...stack.slice(stack.indexOf(name)), name].join(' → ')}`);
      return match;
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
        return dyn;
      }
    }
    addWarning(warnings, `Unresolved variable: {{${name}}}`);
    return match;
  });
}

/**
 * Substitute `{{name}}` in `text` with Postman's rules: the narrowest scope wins, values may themselves contain
 * templates (resolved recursively), `{{$guid}}`-style dynamic variables generate fresh values, unknown names stay
 * as written and cycles are reported — never looped.
 */
export function resolveTemplate(text: string, scopes: VariableScopes): ResolveResult<string> {
  const warnings: string[] = [];
  const value = expand(text, scopes, [], warnings);
  return { value, warnings };
}

/** Like `resolveTemplate`, appending warnings to a list the caller owns (saves allocations in hot paths). */
export function resolveInto(text: string, scopes: VariableScopes, warnings: string[]): string {
  return expand(text, scopes, [], warnings);
}

function deep(value: unknown, scopes: VariableScopes, warnings: string[]): unknown {
  if (typeof value === 'string') {
    return expand(value, scopes, [], warnings);
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
