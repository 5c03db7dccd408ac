import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import type * as core from 'zod/v4/core';

/** True when the value is exactly what the schema encodes to, key order included (see `compileExactCheck`). */
type Check = (value: unknown) => boolean;

function isZodSchema(value: unknown): value is core.$ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

const hasChecks = (def: core.$ZodTypeDef): boolean => (def.checks?.length ?? 0) > 0;

/** String formats whose whole Zod check is `def.pattern.test(value)`. */
const PATTERN_FORMATS = new Set(['uuid', 'guid', 'email']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The longest a string may be when its only checks are `.max(n)` (Zod's `max_length`), else null. */
function maxLengthOnly(def: core.$ZodStringDef): number | null {
  let max = Number.POSITIVE_INFINITY;
  for (const check of def.checks ?? []) {
    const c = check._zod.def as core.$ZodCheckMaxLengthDef;
    if (c.check !== 'max_length') {
      return null;
    }
    max = Math.min(max, c.maximum);
  }
  return max;
}

function stringCheck(def: core.$ZodStringDef & { format?: string; pattern?: RegExp }): Check | null {
  if (def.coerce) {
    return null;
  }
  if (def.format === undefined) {
    // `.max(n)` counts UTF-16 code units, as `length` does.
    const max = maxLengthOnly(def);
    if (max === null) {
      return null;
    }
    return max === Number.POSITIVE_INFINITY
      ? (v) => typeof v === 'string'
      : (v) => typeof v === 'string' && v.length <= max;
  }
  if (hasChecks(def)) {
    return null;
  }
  const pattern = def.pattern;
  if (!PATTERN_FORMATS.has(def.format) || pattern === undefined || pattern.global || pattern.sticky) {
    return null;
  }
  return (v) => typeof v === 'string' && pattern.test(v);
}

function numberCheck(def: core.$ZodNumberDef): Check | null {
  if (def.coerce) {
    return null;
  }
  const checks = def.checks ?? [];
  if (checks.length === 0) {
    return (v) => typeof v === 'number' && Number.isFinite(v);
  }
  const only = checks.length === 1 ? (checks[0]?._zod.def as core.$ZodCheckNumberFormatDef) : undefined;
  if (only?.check === 'number_format' && only.format === 'safeint') {
    return (v) => typeof v === 'number' && Number.isSafeInteger(v);
  }
  return null;
}

/**
 * An object matches when its own keys are schema keys in schema order (JSON.stringify keeps the data's order,
 * Zod's output the schema's), every required key is there and every value matches. An extra key would be
 * stripped by Zod: no match.
 */
function objectCheck(def: core.$ZodObjectDef): Check | null {
  if (def.catchall !== undefined) {
    return null;
  }
  const fields: { key: string; optional: boolean; check: Check }[] = [];
  for (const [key, schema] of Object.entries(def.shape)) {
    const check = compile(schema);
    if (check === null) {
      return null;
    }
    fields.push({ key, optional: schema._zod.def.type === 'optional', check });
  }
  return (value) => {
    if (!isPlainObject(value)) {
      return false;
    }
    // One pass over the data's own keys with a cursor into the schema's (no lookups).
    let at = 0;
    for (const key of Object.keys(value)) {
      let field = fields[at];
      while (field !== undefined && field.key !== key) {
        if (!field.optional) {
          return false;
        }
        at += 1;
        field = fields[at];
      }
      if (field === undefined) {
        return false;
      }
      const v = value[key];
      if (!(field.optional && v === undefined) && !field.check(v)) {
        return false;
      }
      at += 1;
    }
    for (; at < fields.length; at += 1) {
      if (!fields[at]?.optional) {
        return false;
      }
    }
    return true;
  };
}

function arrayCheck(def: core.$ZodArrayDef): Check | null {
  if (hasChecks(def)) {
    return null;
  }
  const element = compile(def.element);
  if (element === null) {
    return null;
  }
  return (value) => {
    if (!Array.isArray(value)) {
      return false;
    }
    for (let i = 0; i < value.length; i += 1) {
      if (!element(value[i])) {
        return false;
      }
    }
    return true;
  };
}

/**
 * The check of one schema node, or null when it is not modelled (refinements, transforms, unions, records, …):
 * plain and pattern-format strings, finite numbers and safe integers, booleans, enums, and objects, arrays,
 * optionals, nullables and defaults of those. Encoding applies no default, so a defaulted value is required.
 */
function compile(schema: core.$ZodType): Check | null {
  const def = schema._zod.def;
  switch (def.type) {
    case 'string':
      return stringCheck(def as core.$ZodStringDef);
    case 'number':
      return numberCheck(def as core.$ZodNumberDef);
    case 'boolean':
      return (def as core.$ZodBooleanDef).coerce ? null : (v) => typeof v === 'boolean';
    case 'enum': {
      const values = new Set<unknown>(Object.values((def as core.$ZodEnumDef).entries));
      return (v) => values.has(v);
    }
    case 'default':
      return compile((def as core.$ZodDefaultDef).innerType);
    case 'optional': {
      const inner = compile((def as core.$ZodOptionalDef).innerType);
      return inner && ((v) => v === undefined || inner(v));
    }
    case 'nullable': {
      const inner = compile((def as core.$ZodNullableDef).innerType);
      return inner && ((v) => v === null || inner(v));
    }
    case 'object':
      return objectCheck(def as core.$ZodObjectDef);
    case 'array':
      return arrayCheck(def as core.$ZodArrayDef);
    default:
      return null;
  }
}

/**
 * A check that is true only when `JSON.stringify(data)` is exactly `JSON.stringify(z.encode(schema, data))`:
 * the data is valid, has no key the schema lacks and lists its keys in schema order. It reads the data without
 * building anything, where Zod builds the encoded copy (≈40 nested values of an execution result: the larger
 * share of the response's serialization). Null when the schema uses something the check does not model.
 */
export function compileExactCheck(schema: core.$ZodType): Check | null {
  return compile(schema);
}

/**
 * Fastify serializer compiler (a route's `serializerCompiler`): plain JSON.stringify when the data is exactly its own encoding, and
 * fastify-type-provider-zod's serializer otherwise, so anything else (reordered or extra keys, a value that does
 * not match) is encoded, or refused with ResponseSerializationError, exactly as before.
 */
export function fastSerializerCompiler<T>(route: {
  schema: T;
  method: string;
  url: string;
  httpStatus?: string;
}): (data: unknown) => string {
  const zod = zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0]);
  const exact = isZodSchema(route.schema) ? compileExactCheck(route.schema) : null;
  if (exact === null) {
    return zod;
  }
  return (data) => (exact(data) ? JSON.stringify(data) : zod(data));
}
