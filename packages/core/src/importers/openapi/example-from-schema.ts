import { isObject, type Json } from '../util';

/** Looks up a local `$ref` (the caller wraps the maintained resolver). Returns undefined when missing. */
export type RefLookup = (ref: string) => unknown;

/**
 * Limits keep large specs (Stripe: expandable fields, anyOf, self-references) bounded: past `maxDepth` objects
 * become `{}`, and past `maxNodes` generated values the rest of the example is cut.
 */
export interface ExampleLimits {
  maxDepth: number;
  maxNodes: number;
}

const defaultLimits: ExampleLimits = { maxDepth: 6, maxNodes: 1500 };

function stringExample(schema: Json): string {
  switch (schema.format) {
    case 'date-time':
      return '2024-01-01T00:00:00Z';
    case 'date':
      return '2024-01-01';
    case 'email':
      return 'user@example.com';
    case 'uuid':
      return '3fa85f64-5717-4562-b3fc-2c963f66afa6';
    case 'uri':
    case 'url':
      return 'https://example.com';
    case 'binary':
      return '';
    default:
      return 'string';
  }
}

function firstType(schema: Json): string | undefined {
  const t = schema.type;
  if (typeof t === 'string') {
    return t;
  }
  if (Array.isArray(t)) {
    const nonNull = t.find((x) => x !== 'null');
    return typeof nonNull === 'string' ? nonNull : undefined;
  }
  if (isObject(schema.properties)) {
    return 'object';
  }
  if (schema.items !== undefined) {
    return 'array';
  }
  return undefined;
}

/** Build an example value from a JSON Schema (OpenAPI flavour), following `$ref`s through `lookup`. */
export function exampleFromSchema(
  schema: unknown,
  lookup: RefLookup,
  limits: ExampleLimits = defaultLimits,
): unknown {
  let nodes = 0;
  const walk = (node: unknown, depth: number, seen: ReadonlySet<string>): unknown => {
    nodes++;
    if (!isObject(node) || nodes > limits.maxNodes) {
      return undefined;
    }
    if (typeof node.$ref === 'string') {
      // A reference already on the current path is a cycle: stop here instead of recursing forever.
      if (seen.has(node.$ref)) {
        return undefined;
      }
      const target = lookup(node.$ref);
      const next = new Set(seen);
      next.add(node.$ref);
      return walk(target, depth, next);
    }
    if (node.example !== undefined) {
      return node.example;
    }
    if (Array.isArray(node.examples) && node.examples.length > 0) {
      return node.examples[0];
    }
    if (node.const !== undefined) {
      return node.const;
    }
    if (node.default !== undefined) {
      return node.default;
    }
    if (Array.isArray(node.enum) && node.enum.length > 0) {
      return node.enum[0];
    }
    if (Array.isArray(node.allOf)) {
      const merged: Json = {};
      let scalar: unknown;
      for (const part of node.allOf) {
        const value = walk(part, depth, seen);
        if (isObject(value)) {
          Object.assign(merged, value);
        } else if (value !== undefined) {
          scalar = value;
        }
      }
      if (isObject(node.properties)) {
        const own = walk({ ...node, allOf: undefined }, depth, seen);
        if (isObject(own)) {
          Object.assign(merged, own);
        }
      }
      return Object.keys(merged).length > 0 || scalar === undefined ? merged : scalar;
    }
    for (const key of ['oneOf', 'anyOf'] as const) {
      const options = node[key];
      if (Array.isArray(options) && options.length > 0) {
        return walk(options[0], depth, seen);
      }
    }
    switch (firstType(node)) {
      case 'object': {
        if (depth >= limits.maxDepth) {
          return {};
        }
        const out: Json = {};
        const props = isObject(node.properties) ? node.properties : {};
        for (const [key, sub] of Object.entries(props)) {
          if (isObject(sub) && (sub.readOnly === true || sub.deprecated === true)) {
            continue;
          }
          const value = walk(sub, depth + 1, seen);
          if (value !== undefined) {
            out[key] = value;
          }
        }
        return out;
      }
      case 'array': {
        if (depth >= limits.maxDepth) {
          return [];
        }
        const item = walk(node.items, depth + 1, seen);
        return item === undefined ? [] : [item];
      }
      case 'string':
        return stringExample(node);
      case 'integer':
      case 'number':
        return typeof node.minimum === 'number' ? node.minimum : 0;
      case 'boolean':
        return true;
      case 'null':
        return null;
      default:
        return undefined;
    }
  };
  return walk(schema, 0, new Set());
}
