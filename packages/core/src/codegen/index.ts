/**
 * Code generation.
 *
 * Library choice: `@readme/httpsnippet` 10.x (ReadMe's maintained TypeScript fork of Kong's httpsnippet).
 * - Node: 10.x declares node >= 18 and runs on 20.19+; 11.x needs Node 22, so we pin ^10.
 * - Size/deps: two small runtime deps (qs, stringify-object) and it is isomorphic except for Node's legacy `url`
 *   module, which the `url` npm package provides to browser bundles — so codegen stays importable from core's
 *   root entry and the web app can show code without a server round trip.
 * - Coverage: ~35 clients in 20 languages from one HAR request, which is what our prepared request maps to.
 * Rejected: Kong's `httpsnippet` 3.x (same generators but ships a CLI with yargs/chalk/event-stream/form-data as
 * runtime deps); `postman-code-generators` (pulls postman-collection + lodash + shelljs, callback API, Node-only).
 * Three clients are ours (see custom-clients.ts): Python `http.client` (dropped by the library), Node's built-in
 * `fetch` (the library's needs node-fetch + form-data) and curl (the library's decodes the query string, leaves
 * form values unencoded and re-indents JSON); the library's versions stay listed as `*-httpsnippet`.
 *
 * Snippets are written from `prepareRequest`'s output, i.e. from exactly what the engine would send, so running a
 * snippet reproduces the engine's request (tests prove this against a loopback echo server).
 */
import { availableTargets, type HarRequest, HTTPSnippet } from '@readme/httpsnippet';
import { AppError } from '../errors';
import type { PreparedRequest } from '../http/types';
import { type PreparableRequest, prepareRequest, type RequestAncestor } from '../prepare/prepare-request';
import { VariableScopes } from '../variables/variable-scopes';
import { nodeFetch, pythonHttpClient, shellCurl } from './custom-clients';
import { toHarRequest } from './to-har-request';

export { toHarRequest } from './to-har-request';

/** One code generation target as the UI lists it. */
export interface CodegenTarget {
  /** Stable id, e.g. `shell-curl`, `python-requests`, `node-fetch`. */
  id: string;
  label: string;
  /** Language key for syntax highlighting (shell, javascript, python, go, …). */
  language: string;
}

type Generator =
  | { kind: 'library'; target: string; client: string }
  | { kind: 'custom'; write: (req: PreparedRequest) => string };

const generators = new Map<string, Generator>();
const targetList: CodegenTarget[] = [];

function register(target: CodegenTarget, generator: Generator): void {
  if (generators.has(target.id)) {
    return;
  }
  generators.set(target.id, generator);
  targetList.push(target);
}

register(
  { id: 'shell-curl', label: 'Shell — cURL', language: 'shell' },
  { kind: 'custom', write: shellCurl },
);
register(
  { id: 'node-fetch', label: 'Node.js — fetch (built-in)', language: 'javascript' },
  { kind: 'custom', write: nodeFetch },
);
register(
  { id: 'python-http-client', label: 'Python — http.client', language: 'python' },
  { kind: 'custom', write: pythonHttpClient },
);
for (const t of availableTargets()) {
  // The 'json' target prints the body alone, not a program.
  if (t.key === 'json') {
    continue;
  }
  for (const c of t.clients) {
    // The library's node/fetch needs node-fetch + form-data and its curl is lossy; ours (above) take those ids.
    const id = `${t.key}-${c.key.replace(/[_.]/g, '-')}`;
    if (id === 'node-fetch' || id === 'shell-curl') {
      register(
        { id: `${id}-httpsnippet`, label: `${t.title} — ${c.title} (httpsnippet)`, language: t.key },
        { kind: 'library', target: t.key, client: c.key },
      );
      continue;
    }
    register(
      { id, label: `${t.title} — ${c.title}`, language: t.key },
      { kind: 'library', target: t.key, client: c.key },
    );
  }
}

/** Every target `generateCode` accepts. */
export const codegenTargets: readonly CodegenTarget[] = targetList;

export interface GenerateCodeOptions {
  /** Resolve `{{variables}}` from `scopes` (default). When false, placeholders stay as written. */
  resolveVariables?: boolean;
  scopes?: VariableScopes;
  /** Collection and folders above the request (root first), for inherited auth and folder variables. */
  ancestors?: readonly RequestAncestor[];
}

export interface GeneratedCode {
  code: string;
  warnings: string[];
}

/** Snippet for an already prepared request (what the engine sends). */
export function generateFromPrepared(prepared: PreparedRequest, target: string): GeneratedCode {
  const generator = generators.get(target);
  if (!generator) {
    throw new AppError('VALIDATION_FAILED', `unknown codegen target "${target}"`, {
      targets: targetList.map((t) => t.id),
    });
  }
  const warnings: string[] = [];
  if (prepared.auth) {
    warnings.push(`${prepared.auth.type} auth is computed at send time and is not included in the snippet`);
  }
  if (generator.kind === 'custom') {
    return { code: generator.write(prepared), warnings };
  }
  const har = toHarRequest(prepared);
  // The library's type wants postData on every request; an empty one generates no body.
  const input: HarRequest = { ...har, postData: har.postData ?? { mimeType: '' } };
  const snippet = new HTTPSnippet(input, { harIsAlreadyEncoded: false });
  const out = snippet.convert(generator.target as Parameters<HTTPSnippet['convert']>[0], generator.client);
  const joined = Array.isArray(out) ? out.join('\n\n') : out;
  // The library URL-encodes the query, which would turn kept `{{placeholders}}` into %7B%7B…%7D%7D.
  const code = typeof joined === 'string' ? joined.replace(/%7B%7B([\w.$-]+)%7D%7D/gi, '{{$1}}') : joined;
  if (typeof code !== 'string') {
    throw new AppError('INTERNAL', `codegen target "${target}" produced no code`);
  }
  return { code, warnings };
}

/**
 * Generate a code snippet for a request. Variables resolve from `scopes` unless `resolveVariables` is false (then
 * `{{name}}` placeholders stay in the code). Throws AppError VALIDATION_FAILED for an unknown target.
 */
export function generateCode(
  request: PreparableRequest,
  target: string,
  options: GenerateCodeOptions = {},
): GeneratedCode {
  const resolve = options.resolveVariables ?? true;
  const scopes = resolve && options.scopes ? options.scopes : new VariableScopes();
  const { prepared, warnings } = prepareRequest(request, options.ancestors ?? [], scopes);
  const generated = generateFromPrepared(prepared, target);
  // Unresolved-variable warnings are expected when placeholders are kept on purpose.
  return {
    code: generated.code,
    warnings: resolve ? [...warnings, ...generated.warnings] : generated.warnings,
  };
}
