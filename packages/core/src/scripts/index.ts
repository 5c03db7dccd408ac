/**
 * Postman-compatible script sandbox in QuickJS (WebAssembly) — never node `vm`.
 *
 * ```ts
 * const engine = await createScriptEngine({ timeoutMs: 5000, memoryBytes: 64 * 1024 * 1024, modules });
 * const result = await engine.run({ phase: 'test', code, source: 'My request', ctx });
 * engine.dispose();
 * ```
 *
 * - ONE warm runtime + context per engine (per run). Each distinct script text is compiled once and cached
 *   as a function; later runs only pass data in (request/response metadata as JSON, the body as a string,
 *   reused while the same response object is passed again), so a typical test script costs well under 1 ms.
 * - `ctx`: `request` (mutable in `preRequest`; the changed request comes back in `result.request`), `response`
 *   (test phase, a `TResponseResult`), `variables` (the run's `VariableScopes`: `pm.environment.set` etc. write
 *   straight into its layers; the `data` layer is `pm.iterationData`), `info`, `cookies`, `environmentName`,
 *   and `sendRequest(req) → Promise<TResponseResult>` behind `pm.sendRequest` (callback and promise forms).
 * - `ScriptResult`: `{ assertions, console, nextRequest?, skipRequest?, failure?: { message, line?, kind }, request }`.
 *   A script never throws on the host: syntax errors, exceptions (with the user's line), time limit
 *   (interrupt, includes awaited sendRequest/timers), memory limit, stack overflow and console flood are
 *   reported in `failure`, and the engine stays usable (the context is rebuilt after interrupts/OOM).
 * - `modules`: library sources for `require` — chai (needed by `pm.expect`), lodash, crypto-js, uuid (+ moment
 *   if given). In Node use `loadScriptModules()` / `createNodeScriptEngine()` from `@apiplay/core/node`;
 *   a browser passes the sources it loaded. Anything else → "Module 'x' is not available in the sandbox".
 * - Runs on one engine are serialized; for truly concurrent scripts (e.g. `--parallel N`) use one engine per
 *   worker. Globals a script defines stay visible to later scripts of the same engine, as in Postman.
 * - pm API: test (sync/async/done), expect (chai BDD + response assertions: `to.have.status/header/body/jsonBody`,
 *   `to.be.ok/success/error/clientError/…/json/withBody`), response (code, status, reason(), headers, cookies,
 *   responseTime, responseSize, json(), text()), request (url with query list, method, headers
 *   add/upsert/remove/get, body), environment/globals/collectionVariables/variables/iterationData
 *   (get/set/unset/has/toObject/clear/replaceIn), info, sendRequest, cookies, execution.setNextRequest/skipRequest,
 *   postman.setNextRequest and the legacy `postman.*Variable`, `tests[...]`, `responseBody`, `responseCode`,
 *   `responseTime`, `responseHeaders`, `request`, `environment`, `globals`, `data`, `iteration`, `_`, `CryptoJS`;
 *   console.*, setTimeout/setInterval, atob/btoa, crypto.getRandomValues, top-level `await`.
 */
export { createScriptEngine } from './engine';
export * from './types';
