// The eager CLI path imports core's subpath entries (`@apiplay/core/runner`, `/postman`, `/node`, …), never the
// `@apiplay/core` barrel. The import/export/codegen commands load the whole barrel lazily
// (`await import('@apiplay/core')`); if `run` also imported the barrel, esbuild would put the barrel — and with it
// every core module and dependency (zod, yaml, httpsnippet, …) — into a chunk loaded at startup. Types may still come
// from the barrel (type imports are erased).

export { importFormats } from '@apiplay/core/formats';
export { createNodeTransport, readIterationData, type TDataRow } from '@apiplay/core/node';
export {
  fromPostmanCollection,
  fromPostmanEnvironment,
  isPostmanCollection,
  toPostmanEnvironment,
} from '@apiplay/core/postman';
export { planRun, runCollection } from '@apiplay/core/runner';
