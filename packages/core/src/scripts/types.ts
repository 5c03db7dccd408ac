import type { TAssertion, TBody, TConsoleEntry, TCookie, TResponseResult } from '../schema';
import type { VariableScopes } from '../variables';

/** Which script of an item runs: before the request is sent, or after the response arrived. */
export type TScriptPhase = 'preRequest' | 'test';

/** A header or query row as scripts see it (`enabled: false` rows are kept but not sent). */
export interface TScriptKeyValue {
  key: string;
  value: string;
  enabled?: boolean;
}

/**
 * The request a script sees as `pm.request` (and may change in the pre-request phase), and what
 * `pm.sendRequest` hands to the host. URLs may still hold `{{variables}}` — resolving is the runner's job.
 */
export interface TScriptRequest {
  id?: string;
  name?: string;
  method: string;
  url: string;
  headers: TScriptKeyValue[];
  body?: TBody;
  /** The auth that applied, by its Postman type name (`pm.request.auth.type`); test phase only. */
  auth?: { type: string };
}

/** `pm.info` fields the runner knows. */
export interface TScriptInfo {
  iteration: number;
  iterationCount: number;
  requestName: string;
  requestId: string;
  /** `pm.execution.location`: the collection's name, the folder names, the request's name. */
  location: string[];
}

/** Everything one script run may read or change on the host side. */
export interface ScriptContext {
  /** The request of the current item; the pre-request phase may mutate it (see `ScriptResult.request`). */
  request: TScriptRequest;
  /** The response (test phase). Passing the same object to several scripts lets the engine reuse it. */
  response?: TResponseResult;
  /** The run's variables; `pm.environment.set` etc. write straight into these layers. `data` is iterationData. */
  variables: VariableScopes;
  info?: Partial<TScriptInfo>;
  /** Cookies for `pm.cookies` (defaults to the response's cookies). */
  cookies?: TCookie[];
  /** Name shown as `pm.environment.name`. */
  environmentName?: string;
  /** Host side of `pm.sendRequest`; without it the call fails inside the script with a clear message. */
  sendRequest?: (request: TScriptRequest) => Promise<TResponseResult>;
  /** Host side of `pm.cookies.jar()`: the run's cookie jar; without it the jar's calls fail in the script. */
  cookieJar?: ScriptCookieJar;
}

/** The run's cookie jar as `pm.cookies.jar()` uses it: every call names the URL whose cookies it reads or writes. */
export interface ScriptCookieJar {
  /** The cookies the jar would send to `url`. */
  getAll(url: string): Promise<TCookie[]>;
  /** Store a cookie (a `Set-Cookie` value, or name/value and attributes) as if `url` had set it. */
  set(url: string, cookie: string | TCookie): Promise<TCookie | undefined>;
  /** Remove the cookie named `name` that the jar would send to `url`. */
  unset(url: string, name: string): Promise<void>;
  /** Remove every cookie the jar would send to `url`. */
  clear(url: string): Promise<void>;
}

/** One script to run. */
export interface ScriptRunInput {
  phase: TScriptPhase;
  /** The script text, exactly as the user wrote it (line numbers in failures refer to it). */
  code: string;
  /** Where the script lives (collection, folder or request name) — for messages only. */
  source: string;
  ctx: ScriptContext;
  /** Overrides the engine's time limit for this script. */
  timeoutMs?: number;
}

/** Why a script stopped early. */
export type TScriptFailureKind = 'error' | 'syntax' | 'timeout' | 'memory' | 'stack' | 'console';

export interface TScriptRunFailure {
  message: string;
  /** 1-based line in the user's script, when known. */
  line?: number;
  kind: TScriptFailureKind;
}

/** What one script produced. A failing script never throws on the host: it is reported in `failure`. */
export interface ScriptResult {
  assertions: TAssertion[];
  console: TConsoleEntry[];
  /** Set when the script called `postman.setNextRequest` (null = stop the run). */
  nextRequest?: string | null;
  /** `pm.execution.skipRequest()` was called in a pre-request script. */
  skipRequest?: boolean;
  /** `pm.visualizer.set(template, data)` (data as JSON text); null after `pm.visualizer.clear()`. */
  visualizer?: { template: string; data?: string } | null;
  failure?: TScriptRunFailure;
  /** The request after the script (pre-request mutations applied); unchanged in the test phase. */
  request: TScriptRequest;
}

/**
 * Library sources `require()` may load inside the sandbox, as UMD/IIFE/CommonJS text (`module.exports`). Node
 * callers get them from `loadScriptModules()` in `@apiplay/core/node` (the table is node/sandbox-libraries.ts);
 * a browser passes its own (e.g. fetched once). Each is read when a script first requires it.
 */
export interface ScriptModuleSources {
  chai?: string;
  lodash?: string;
  'crypto-js'?: string;
  uuid?: string;
  moment?: string;
  /** ajv 6 (what Postman bundles): `require('ajv')` and `to.have.jsonSchema(schema)`. */
  ajv?: string;
  /** tv4 1.3 (also the legacy `tv4` global). */
  tv4?: string;
  /** csv-parse 4's synchronous parser, as Postman serves it. */
  'csv-parse/lib/sync'?: string;
  /** cheerio 0.22 (also the legacy `cheerio` global). */
  cheerio?: string;
  /** xml2js 0.4 (also behind the legacy `xml2Json`). */
  xml2js?: string;
  /** backbone 1.6 (also the legacy `Backbone` global). */
  backbone?: string;
  /** postman-collection 4.4, Postman's SDK. */
  'postman-collection'?: string;
  /** Node's modules as browserify's shims, as postman-sandbox serves them (`buffer` is also the `Buffer` global). */
  assert?: string;
  buffer?: string;
  events?: string;
  os?: string;
  path?: string;
  punycode?: string;
  querystring?: string;
  stream?: string;
  string_decoder?: string;
  timers?: string;
  url?: string;
  util?: string;
}

export interface ScriptEngineOptions {
  /** Per-script wall-clock limit, including awaited `pm.sendRequest`/timers. 0 = none (trusted use only). */
  timeoutMs?: number;
  /** Memory limit of the QuickJS runtime. */
  memoryBytes?: number;
  /** QuickJS stack limit; kept well below the host's own stack so deep recursion fails inside the sandbox. */
  maxStackBytes?: number;
  /** Total console characters one script may print before it is stopped. */
  maxConsoleChars?: number;
  /** How many distinct compiled scripts stay cached. */
  maxCachedScripts?: number;
  modules?: ScriptModuleSources;
  /**
   * The compiled QuickJS wasm (quickjs-emscripten's RELEASE_SYNC variant) to instantiate. Share one per process:
   * V8's optimized code lives on the WebAssembly.Module, so engines created from it start fast. Each engine still
   * gets its own instance and capped memory. Without it every engine compiles the wasm anew.
   */
  wasmModule?: WebAssembly.Module;
}

/** One warm QuickJS runtime + context, reused for every script of a run. Runs are serialized. */
export interface ScriptEngine {
  run(input: ScriptRunInput): Promise<ScriptResult>;
  /** Compile a script ahead of its run if the engine is idle; never reports (errors surface when it runs). */
  precompile(code: string): void;
  dispose(): void;
  readonly disposed: boolean;
}

export type { TAssertion, TConsoleEntry };
