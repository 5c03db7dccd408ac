import type { TVariable } from '../schema';
import { MASKED_SECRET } from './mask-secrets';

/** The scopes Postman knows, narrowest first. Folder variables live inside the collection scope. */
export const scopeNames = ['local', 'data', 'environment', 'collection', 'globals'] as const;
export type TScopeName = (typeof scopeNames)[number];

/** Plain initial values for a layer: saved variables (disabled ones are skipped) or a record. */
export type TLayerInput = ReadonlyArray<TVariable> | Readonly<Record<string, unknown>>;

/** Stamps every change to any layer; a scopes' version is the latest stamp among its layers. */
let changeStamp = 0;

/**
 * One scope's variables. Values are kept as set (scripts may store numbers or objects, as in Postman);
 * templates stringify them when they substitute.
 */
export class VariableLayer {
  readonly name: string;
  /** Stamp of the last change (see `VariableScopes.version`). */
  version = 0;
  /**
   * While true, reads of secret keys answer `MASKED_SECRET` (scripts run by a viewer: see
   * `VariableScopes.setScriptView`). Templates resolved for the request read with this off.
   */
  masked = false;
  private readonly values: Map<string, unknown>;
  /**
   * Disabled rows of the loaded variable list, with the list's key order: unused for resolution, `get` and `has`,
   * but listed by a script's `toObject()` as Postman's VariableScope does (see `toScriptObject`).
   */
  private disabled: { values: Map<string, unknown>; order: string[] } | undefined;
  /** Keys loaded from variables flagged secret, with their host allow-list (undefined: any host). */
  private secrets: Map<string, readonly string[] | undefined> | undefined;

  constructor(name: string, initial?: TLayerInput) {
    this.name = name;
    this.values = new Map();
    if (initial) {
      this.replace(initial);
    }
  }

  get(key: string, masked = this.masked): unknown {
    if (masked && this.secrets?.has(key) && this.values.has(key)) {
      return MASKED_SECRET;
    }
    return this.values.get(key);
  }

  /** Whether some secret of this layer has a host allow-list (the runner's check is skipped otherwise). */
  get hasHostRules(): boolean {
    if (!this.secrets) {
      return false;
    }
    for (const hosts of this.secrets.values()) {
      if (hosts !== undefined) {
        return true;
      }
    }
    return false;
  }

  /** Whether `key` was loaded from a variable flagged secret (a script's later value for it stays secret). */
  isSecret(key: string): boolean {
    return this.secrets?.has(key) === true;
  }

  /** The secret keys of this layer with their current value and host allow-list (undefined: any host). */
  secretEntries(): { key: string; value: unknown; allowedHosts: readonly string[] | undefined }[] {
    const out: { key: string; value: unknown; allowedHosts: readonly string[] | undefined }[] = [];
    for (const [key, allowedHosts] of this.secrets ?? []) {
      if (this.values.has(key)) {
        out.push({ key, value: this.values.get(key), allowedHosts });
      }
    }
    return out;
  }

  set(key: string, value: unknown): void {
    this.values.set(key, value);
    this.disabled?.values.delete(key);
    this.version = ++changeStamp;
  }

  unset(key: string): void {
    this.values.delete(key);
    this.disabled?.values.delete(key);
    this.version = ++changeStamp;
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  clear(): void {
    this.values.clear();
    this.disabled = undefined;
    this.version = ++changeStamp;
  }

  /**
   * Replace every value with `input` (used to load saved variables or an iteration's data row). A variable list
   * also sets which keys are secret; a record keeps them (a copy of this layer's values stays secret).
   */
  replace(input: TLayerInput): void {
    if (this.values.size === 0 && this.disabled === undefined && isEmptyRecord(input)) {
      // Emptying an empty layer (every iteration of a run without a data file) changes nothing: the version stays,
      // so caches of looked-up values (the script sandbox's, per VU in a load test) stay valid.
      return;
    }
    this.values.clear();
    this.disabled = undefined;
    this.version = ++changeStamp;
    if (isVariableList(input)) {
      this.secrets = undefined;
      for (const v of input) {
        if (v.enabled !== false) {
          this.values.set(v.key, v.value);
        } else {
          this.disabled ??= { values: new Map(), order: input.map((x) => x.key) };
          this.disabled.values.set(v.key, v.value);
        }
        if (v.secret) {
          this.secrets ??= new Map();
          this.secrets.set(v.key, v.allowedHosts);
        }
      }
      return;
    }
    for (const [k, v] of Object.entries(input)) {
      this.values.set(k, v);
    }
  }

  toObject(masked = this.masked): Record<string, unknown> {
    const out = Object.fromEntries(this.values);
    if (masked && this.secrets) {
      for (const key of this.secrets.keys()) {
        if (key in out) {
          out[key] = MASKED_SECRET;
        }
      }
    }
    return out;
  }

  /**
   * What a script's `pm.<scope>.toObject()` lists: `toObject()` plus the disabled rows that were loaded (and not
   * set or unset since), in the loaded list's order (a row set since keeps its place), as newman's VariableScope
   * lists them.
   */
  toScriptObject(masked = this.masked): Record<string, unknown> {
    const visible = this.toObject(masked);
    const disabled = this.disabled;
    if (!disabled) {
      return visible;
    }
    const out: Record<string, unknown> = {};
    for (const key of disabled.order) {
      if (Object.hasOwn(visible, key)) {
        out[key] = visible[key];
      } else if (disabled.values.has(key)) {
        out[key] = masked && this.secrets?.has(key) ? MASKED_SECRET : disabled.values.get(key);
      }
    }
    return Object.assign(out, visible);
  }

  /** Saved-format rows, e.g. to write an environment back after a run. Non-strings are stringified. */
  toVariables(): TVariable[] {
    const out: TVariable[] = [];
    for (const [key, value] of this.values) {
      out.push({ key, value: stringifyValue(value), enabled: true, secret: false });
    }
    return out;
  }

  get size(): number {
    return this.values.size;
  }

  /** Take `other`'s values and secret keys (a forked iteration's layer). */
  copyFrom(other: VariableLayer): void {
    this.replace(other.toObject(false));
    this.secrets = other.secrets;
    this.disabled = other.disabled && { values: new Map(other.disabled.values), order: other.disabled.order };
  }

  /** Copy for an isolated parallel iteration. */
  clone(): VariableLayer {
    const copy = new VariableLayer(this.name);
    for (const [k, v] of this.values) {
      copy.values.set(k, v);
    }
    copy.secrets = this.secrets;
    copy.disabled = this.disabled && { values: new Map(this.disabled.values), order: this.disabled.order };
    copy.masked = this.masked;
    return copy;
  }
}

function isVariableList(input: TLayerInput): input is ReadonlyArray<TVariable> {
  return Array.isArray(input);
}

function isEmptyRecord(input: TLayerInput): boolean {
  return !isVariableList(input) && Object.keys(input).length === 0;
}

/** How Postman turns a stored value into template text. */
export function stringifyValue(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value === undefined || value === null) {
    return String(value);
  }
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

export interface VariableScopesInit {
  globals?: TLayerInput;
  environment?: TLayerInput;
  collection?: TLayerInput;
  data?: TLayerInput;
  local?: TLayerInput;
}

/** One cached expansion (see `VariableScopes.expansionCache`). */
export interface Expansion {
  version: number;
  value: string;
}
// A run's templates are a few hundred texts; more means texts built on the fly (not worth keeping).
const MAX_EXPANSIONS = 1000;

// Folder layers are built once per folder object and reused for every request under it.
const folderLayerCache = new WeakMap<object, VariableLayer>();

/**
 * Variables of one run (or one parallel iteration), Postman precedence:
 * local > data > environment > collection (nearest folder first, then the collection) > globals.
 */
export class VariableScopes {
  readonly local: VariableLayer;
  readonly data: VariableLayer;
  readonly environment: VariableLayer;
  readonly collection: VariableLayer;
  readonly globals: VariableLayer;
  /** Folder variables of the current item, nearest folder LAST (set with `setFolders`). Read-only for scripts. */
  private folders: VariableLayer[] = [];
  private foldersVersion = 0;
  /** See `setScriptView`. */
  private scriptView = false;
  /** See `expansionCache`. */
  private readonly expansions = new Map<string, Expansion>();

  constructor(init: VariableScopesInit = {}) {
    this.local = new VariableLayer('local', init.local);
    this.data = new VariableLayer('data', init.data);
    this.environment = new VariableLayer('environment', init.environment);
    this.collection = new VariableLayer('collection', init.collection);
    this.globals = new VariableLayer('globals', init.globals);
  }

  /** A layer by scope name. */
  layer(name: TScopeName): VariableLayer {
    switch (name) {
      case 'local':
        return this.local;
      case 'data':
        return this.data;
      case 'environment':
        return this.environment;
      case 'collection':
        return this.collection;
      case 'globals':
        return this.globals;
    }
  }

  /**
   * Make the variables of the folders above the current item visible (root → leaf order; non-folder
   * entries such as the collection itself are ignored, its variables are the collection layer).
   */
  setFolders(ancestors: ReadonlyArray<{ type?: string; variables?: ReadonlyArray<TVariable> }>): void {
    const layers: VariableLayer[] = [];
    for (const a of ancestors) {
      if (a.type !== 'folder' || !a.variables || a.variables.length === 0) {
        continue;
      }
      let layer = folderLayerCache.get(a);
      if (!layer) {
        layer = new VariableLayer('folder', a.variables);
        folderLayerCache.set(a, layer);
      }
      layers.push(layer);
    }
    if (layers.length !== this.folders.length || layers.some((l, i) => l !== this.folders[i])) {
      this.foldersVersion = ++changeStamp;
    }
    this.folders = layers;
  }

  /**
   * Changes whenever any value visible through these scopes may have changed (a layer written, other folders).
   * Lets a cache of looked-up values (the script sandbox keeps one) know when it is stale.
   */
  get version(): number {
    return Math.max(
      this.local.version,
      this.data.version,
      this.environment.version,
      this.collection.version,
      this.globals.version,
      this.foldersVersion,
    );
  }

  /**
   * Texts already expanded through these scopes, each with the `version` it was expanded at (resolve-template's
   * cache: a load test's VU expands the same templates each iteration; an entry from an older version is stale,
   * and rewritten in place rather than the whole cache dropped on every change). None while the scripts' masked
   * view is on.
   */
  expansionCache(): Map<string, Expansion> | undefined {
    if (this.scriptView) {
      return undefined;
    }
    if (this.expansions.size >= MAX_EXPANSIONS) {
      this.expansions.clear();
    }
    return this.expansions;
  }

  /**
   * While on, every read through these scopes (and their layers) answers `MASKED_SECRET` for a secret key: the
   * runner turns it on around the scripts of a run whose user may not see secrets, and off again to resolve the
   * request, so the request still carries the real values. Writes are unaffected.
   */
  setScriptView(masked: boolean): void {
    this.scriptView = masked;
    for (const layer of [this.local, this.data, this.environment, this.collection, this.globals]) {
      layer.masked = masked;
    }
  }

  /** Whether any secret visible through these scopes has a host allow-list (no allocation: checked per send). */
  get hasHostRules(): boolean {
    if (
      this.environment.hasHostRules ||
      this.collection.hasHostRules ||
      this.globals.hasHostRules ||
      this.local.hasHostRules ||
      this.data.hasHostRules
    ) {
      return true;
    }
    return this.folders.some((f) => f.hasHostRules);
  }

  /** Every secret visible through these scopes (folders of the current item included), with its allow-list. */
  secretEntries(): { key: string; value: unknown; allowedHosts: readonly string[] | undefined }[] {
    const layers = [this.environment, ...this.folders, this.collection, this.globals];
    return layers.flatMap((l) => l.secretEntries());
  }

  /** The value a template would see, or undefined. */
  get(key: string): unknown {
    const found = this.lookup(key);
    return found?.value;
  }

  /** Whether any scope defines `key`. */
  has(key: string): boolean {
    return this.lookup(key) !== undefined;
  }

  /** Which scope a name resolves from, with its value. */
  lookup(key: string): { scope: TScopeName | 'folder'; value: unknown } | undefined {
    if (this.local.has(key)) {
      return { scope: 'local', value: this.local.get(key) };
    }
    if (this.data.has(key)) {
      return { scope: 'data', value: this.data.get(key) };
    }
    if (this.environment.has(key)) {
      return { scope: 'environment', value: this.environment.get(key) };
    }
    for (let i = this.folders.length - 1; i >= 0; i--) {
      const f = this.folders[i];
      if (f?.has(key)) {
        // Folder layers are shared between scopes (cached per folder), so the view is passed, not set on them.
        return { scope: 'folder', value: f.get(key, this.scriptView) };
      }
    }
    if (this.collection.has(key)) {
      return { scope: 'collection', value: this.collection.get(key) };
    }
    if (this.globals.has(key)) {
      return { scope: 'globals', value: this.globals.get(key) };
    }
    return undefined;
  }

  /** `pm.variables.set` writes the local scope. */
  set(key: string, value: unknown): void {
    this.local.set(key, value);
  }

  /** `pm.variables.unset` removes from the local scope only (as in Postman). */
  unset(key: string): void {
    this.local.unset(key);
  }

  /** Every visible name with the value that wins. */
  toObject(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const order: VariableLayer[] = [
      this.globals,
      this.collection,
      ...this.folders,
      this.environment,
      this.data,
      this.local,
    ];
    for (const layer of order) {
      Object.assign(out, layer.toObject(this.scriptView));
    }
    return out;
  }

  /**
   * A copy for a parallel iteration: every layer is copied so writes stay isolated.
   */
  fork(): VariableScopes {
    const copy = new VariableScopes();
    for (const name of scopeNames) {
      copy.layer(name).copyFrom(this.layer(name));
    }
    copy.folders = this.folders;
    copy.setScriptView(this.scriptView);
    return copy;
  }
}
