/**
 * The host side of the sandbox's variable cache (sandbox/variables.js): the sandbox caches values per run family
 * under a tag and queues its writes; the host moves the tag when something else changed the scopes
 * (`VariableScopes.version`) and applies the queued writes in order.
 */
import { generateDynamic, resolveTemplate, stringifyValue, type VariableScopes } from '../variables';
import { decodeValue } from './protocol';

/** The layer names the sandbox uses ('all' is pm.variables, 'collection' pm.collectionVariables). */
export const LAYERS = new Set(['environment', 'globals', 'collection', 'local', 'data', 'all']);
const TEMPLATE = /\{\{([^{}]+)\}\}/g;

export function layerName(layer: string): 'environment' | 'globals' | 'collection' | 'local' | 'data' {
  switch (layer) {
    case 'environment':
    case 'globals':
    case 'collection':
    case 'local':
    case 'data':
      return layer;
    default:
      return 'local';
  }
}

/** `replaceIn` of one layer (or of the resolved scopes for 'all'). */
export function replaceInLayer(text: string, scopes: VariableScopes, layer: string): string {
  if (layer === 'all') {
    return resolveTemplate(text, scopes).value;
  }
  const target = scopes.layer(layer === 'collection' ? 'collection' : (layer as 'environment'));
  return text.replace(TEMPLATE, (match: string, name: string) => {
    if (target.has(name)) {
      return stringifyValue(target.get(name));
    }
    if (name.startsWith('$')) {
      return generateDynamic(name) ?? match;
    }
    return match;
  });
}

export class VariableSync {
  /** Per scopes: its id, the epoch of its tag, the version the tag was taken at, and the tag as text. */
  private readonly sync = new WeakMap<
    VariableScopes,
    { id: number; epoch: number; version: number; tag: string }
  >();
  private nextScopesId = 1;

  /** The sandbox's tag for `scopes` (see the sandbox's vcache): moves when something else changed them. */
  tag(scopes: VariableScopes): string {
    let sync = this.sync.get(scopes);
    if (!sync) {
      const id = this.nextScopesId++;
      sync = { id, epoch: 0, version: scopes.version, tag: `${id}.0` };
      this.sync.set(scopes, sync);
    } else if (sync.version !== scopes.version) {
      sync.epoch += 1;
      sync.version = scopes.version;
      sync.tag = `${sync.id}.${sync.epoch}`;
    }
    return sync.tag;
  }

  /**
   * Apply the sandbox's queued writes, `[[layer, name, encoded | null], …]`, in order. When the scopes had no other
   * change since the sandbox's tag, its cache already holds these values and stays valid.
   */
  apply(scopes: VariableScopes, ops: unknown): void {
    if (!Array.isArray(ops) || ops.length === 0) {
      return;
    }
    const sync = this.sync.get(scopes);
    const inSync = sync !== undefined && sync.version === scopes.version;
    for (const op of ops) {
      const [layer, key, encoded] = Array.isArray(op) ? (op as unknown[]) : [];
      if (typeof layer !== 'string' || typeof key !== 'string' || !LAYERS.has(layer) || layer === 'data') {
        continue;
      }
      const target = layer === 'all' ? scopes : scopes.layer(layerName(layer));
      if (encoded === null) {
        target.unset(key);
      } else {
        target.set(key, decodeValue(String(encoded)));
      }
    }
    if (sync && inSync) {
      sync.version = scopes.version;
    }
  }
}
