/**
 * Postman-compatible script sandbox in QuickJS (WebAssembly) — never node `vm`. Browser-safe (no Node imports here;
 * the Node conveniences live in `@apiplay/core/node`).
 *
 * ```ts
 * const engine = await createScriptEngine({ timeoutMs: 5000, memoryBytes: 64 * 1024 * 1024, modules });
 * const result = await engine.run({ phase: 'test', code, source: 'My request', ctx });
 * engine.dispose();
 * ```
 *
 * - ONE warm runtime + context per engine (per run), in the engine's own wasm instance. chai is evaluated once,
 *   on first use. Each distinct script text is compiled once and cached (up to `maxCachedScripts`) as a function;
 *   later runs only pass data in (request/response metadata as JSON, the body as a string, reused while the same
 *   response object is passed again), and results come back in one piece.
 * - `ctx`: `request` (mutable in `preRequest`; the changed request comes back in `result.request`), `response`
 *   (test phase, a `TResponseResult`), `variables` (the run's `VariableScopes`: `pm.environment.set` etc. write
 *   straight into its layers; the `data` layer is `pm.iterationData`), `info`, `cookies`, `environmentName`,
 *   `sendRequest(req) → Promise<TResponseResult>` behind `pm.sendRequest` (callback and promise forms), and
 *   `cookieJar` (a `ScriptCookieJar`) behind `pm.cookies.jar()`.
 * - `ScriptResult`: `{ assertions, console, nextRequest?, skipRequest?, failure?: { message, line?, kind }, request }`.
 *   A script never throws on the host: syntax errors and exceptions (with the user's line), the time limit
 *   (interrupt; includes awaited sendRequest/timers), the memory limit (QuickJS limit + a capped wasm memory per
 *   engine), stack overflow and console flood are reported in `failure` (`kind`: error | syntax | timeout | memory |
 *   stack | console), and the engine stays usable (the context is rebuilt after interrupts and out-of-memory).
 * - `modules`: library sources for `require` — chai (needed by `pm.expect`), lodash, crypto-js, uuid, moment, ajv,
 *   tv4, csv-parse, cheerio, xml2js (behind `xml2Json`), backbone, postman-collection and Node's modules as
 *   browserify shims (`buffer` is also the `Buffer` global); each is evaluated on its first require. In Node use
 *   `createNodeScriptEngine()` (or `loadScriptModules()` + `loadQuickJsWasm()`) from `@apiplay/core/node`; a
 *   browser passes the sources it loaded. Anything else → "Module 'x' is not available in the sandbox".
 *   `wasmModule`: a compiled QuickJS wasm shared by all engines of a process (faster engine start).
 * - Runs on one engine are serialized; for truly concurrent scripts (e.g. `--parallel N`) use one engine per
 *   worker. Globals a script defines stay visible to later scripts of the same engine, as in Postman; builtins a
 *   script replaces are put back after it.
 * - pm API: test (sync/async/done/skip/index, returns pm), expect (chai 4 BDD, typo-guarded like chai's proxy mode,
 *   plus chai-postman's response assertions `to.have.status/statusCode/statusReason/statusCodeClass/header/body/
 *   jsonBody/jsonSchema/responseTime/responseSize`, `to.be.ok/success/error/clientError/serverError/notFound/…/json
 *   /withBody`), response (code, status, reason(), headers, cookies, responseTime, responseSize, json(), text()),
 *   request (url with query list, method, headers add/upsert/remove/get, body), environment/globals/
 *   collectionVariables/variables/iterationData (get/set/unset/has/toObject/clear/replaceIn), info, sendRequest,
 *   cookies (and jar(): get/getAll/set/unset/clear), execution.setNextRequest/skipRequest, visualizer (no-op), postman.setNextRequest and the legacy
 *   `postman.*Variable`, `tests[...]`, `responseBody`, `responseCode`, `responseTime`, `responseHeaders`, `request`,
 *   `environment`, `globals`, `data`, `iteration`, `_`, `CryptoJS`, `tv4`, `cheerio`, `Backbone`, `xml2Json`,
 *   `Buffer`; console.*, setTimeout/setInterval, atob/btoa,
 *   crypto.getRandomValues, top-level `await`.
 * - Not available: `pm.vault`, `pm.require` of package-library scripts.
 * - Known limit: QuickJS polls the interrupt every ~10k bytecode steps, not inside native calls, so a script that
 *   catches out-of-memory errors in a loop around a big native operation (`new Array(1e6).fill(…)`) can overrun its
 *   time limit by seconds before it is stopped (memory stays capped).
 */
export { createScriptEngine } from './engine';
export * from './types';
