/**
 * What the sandbox sees of the host: the functions the engine installs on the object passed to the prelude
 * (scripts/host-bridge.ts). They exchange only strings, numbers and booleans; `enc`/`dec` (encoding.js) carry
 * values. The prelude is `(function (host) { … })`, so `host` is a parameter, declared here for the type-checker.
 */
interface SandboxHost {
  /** A console entry; false once the run's console budget is spent. */
  console(level: string, text: string): boolean;
  /** The response's header and cookie lists as JSON, joined by \u0001. */
  resp(): string;
  /** The request as JSON. */
  request(): string;
  /** The run's info (iteration, request name, …) as JSON. */
  info(): string;
  /** A variable's encoded value (see enc), or undefined. `layer`: environment | globals | collection | local | data | all. */
  vget(layer: string, key: string): string | undefined;
  /** Queued variable writes, as JSON: [layer, key, encoded value or null to unset][]. */
  vops(opsJson: string): void;
  vhas(layer: string, key: string): boolean;
  /** A layer's variables as a JSON object. */
  vall(layer: string): string;
  vclear(layer: string): void;
  /** `text` with {{variables}} replaced from `layer`. */
  vreplace(layer: string, text: string): string;
  /** setNextRequest: 's' + name, or 'n' for null. */
  next(value: string): void;
  skip(): void;
  /** pm.visualizer.set: the template and the data as JSON text ('' when none); clear() passes nothing. */
  visualize(template?: string, dataJson?: string): void;
  /** Report the script's failure (message and stack, for the user's line). */
  fail(message: string, stack: string): void;
  /** n random bytes as a string of char codes 0–255. */
  random(n: number): string;
  /** A library of the require allow-list, evaluated by the host: its `module` object. */
  module(name: string): { exports: unknown };
  /** pm.sendRequest: the request as JSON; settles with the response as JSON, or rejects with its error. */
  send(specJson: string): Promise<string>;
  /** pm.cookies.jar(): getAll/set/unset/clear on the run's jar, arguments as JSON `[url, …]`; settles with JSON. */
  jar(op: string, argsJson: string): Promise<string>;
  /** A timer: settles after ms (bounded by the script's deadline). */
  timer(id: number, ms: number): Promise<void>;
  cancelTimer(id: number): void;
}

declare const host: SandboxHost;

// Fields the constructors' update() methods assign (declared here: the checker reads fields from constructors only).
interface Url {
  auth: { user: string; password?: string } | undefined;
  port: string | undefined;
  protocol: string | undefined;
  host: string[];
  path: string[];
  query: PropertyList;
  hash: string | undefined;
}
interface RequestBody {
  mode: string;
  raw: string | undefined;
  options: { raw?: { language?: string } } | undefined;
  urlencoded: PropertyList;
  formdata: PropertyList;
  file: unknown;
  graphql: { query?: string; variables?: unknown } | undefined;
}
interface FastAssertion {
  not: FastAssertion;
  /** The flags not and deep (read through the prototype's defaults, see fast-expect.js). */
  _n: boolean;
  _d: boolean;
}

/** The record of one script run (entry.js run()): what pm and the legacy globals read through `cur`. */
interface SandboxRun {
  /** run()'s meta parts: phase, response token, variables tag, then JSON texts read on first use (META_*). */
  m: string[];
  phase: string;
  /** The response's token (0: the run has no response). */
  rt: number;
  /** The legacy globals' state, made on first use (legacyOf). */
  legacy: {
    tests: Record<string, unknown>;
    over: Record<string, unknown>;
    lazy: Record<string, unknown>;
  } | null;
  resp: Response | undefined;
  req: Request | undefined;
  info: unknown;
  cookies: unknown;
  env: unknown;
  /** [name, passed (1/0), error, flag (0 done, 1 skipped, 2 still running)], or the name alone: a test that passed */
  asserts: ([string, number, string, number] | string)[];
  settled: number;
}

/** The last response sent by the host: its token, head (run()'s meta parts), lists, body. */
interface SandboxResponseCache {
  token: number;
  /** The meta parts of the run that sent it (entry.js: status, reason, size, body encoding, time at 5–9). */
  head: string[] | null;
  hj: string | null;
  cj: string | null;
  body: string;
}

/** The parts of chai 4 that the Postman assertions use (expect.js). */
interface ChaiAssertion {
  assert(
    ok: unknown,
    message: string,
    negatedMessage: string,
    expected?: unknown,
    actual?: unknown,
    showDiff?: boolean,
  ): void;
}
type ChaiAssertionMethod = (this: ChaiAssertion, ...args: unknown[]) => unknown;
interface ChaiStatic {
  Assertion: {
    addMethod(name: string, fn: ChaiAssertionMethod): void;
    addProperty(name: string, fn: ChaiAssertionMethod): void;
    addChainableMethod(
      name: string,
      method: ChaiAssertionMethod,
      chainingBehavior: ChaiAssertionMethod,
    ): void;
    overwriteProperty(name: string, fn: (original: ChaiAssertionMethod) => ChaiAssertionMethod): void;
  };
  AssertionError: new (message: string) => Error;
}
interface ChaiUtils {
  // biome-ignore lint/suspicious/noExplicitAny: a flag holds whatever the assertion was given (the checked value)
  flag(assertion: ChaiAssertion, name: string, value?: unknown): any;
  eql(a: unknown, b: unknown): boolean;
  objDisplay(value: unknown): string;
}
