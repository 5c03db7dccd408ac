// The state of one OpenAPI import and the `$ref` resolution every reader goes through.
import type { TAuth, TVariable } from '../../schema';
import { fail, isObject, type Json } from '../util';
import type { RefLookup } from './example-from-schema';
import type { MappedScheme } from './security';

/** The state of one OpenAPI import. */
export interface Ctx {
  doc: Json;
  v2: boolean;
  lookup: RefLookup;
  warnings: string[];
  schemes: Map<string, MappedScheme | string>;
  variables: Map<string, TVariable>;
  rootAuth: TAuth;
}

/** Build a lookup over local `$ref`s with the maintained resolver; external references are refused. */
export async function makeLookup(doc: Json): Promise<RefLookup> {
  // Loaded on first OpenAPI import only: it is CommonJS with Node-flavoured dependencies that browser bundles of
  // core (which show code but never import specs) should not pull in up front.
  const mod = await import('@apidevtools/json-schema-ref-parser');
  // CommonJS interop differs between Node, Vite and esbuild bundles: the named export may live on `default` only.
  const parser = typeof mod.resolve === 'function' ? mod : mod.default;
  const refs = await parser.resolve(doc, {
    resolve: { external: false, file: false, http: false },
  });
  return (ref: string) => {
    if (!ref.startsWith('#')) {
      return undefined;
    }
    try {
      return refs.get(ref);
    } catch {
      return undefined;
    }
  };
}

/** Follow a `$ref` chain (bounded) to the node it names. */
export function deref(ctx: Ctx, node: unknown, where: string): unknown {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 20) {
      fail(where, `$ref chain too long at ${current.$ref}`);
    }
    const ref: string = current.$ref;
    current = ctx.lookup(ref);
    if (current === undefined) {
      ctx.warnings.push(`${where}: unresolved $ref ${ref}`);
      return undefined;
    }
  }
  return current;
}

export function scalarText(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
