// The eager CLI path imports core's modules directly instead of the `@apiplay/core` barrel. The import/export/
// codegen commands load the whole barrel lazily (`await import('@apiplay/core')`); if `run` also imported the barrel,
// esbuild would put the barrel — and with it every core module and dependency (zod, yaml, httpsnippet, …) — into a
// chunk loaded at startup. Types may still come from the barrel (type imports are erased).

export { toPostmanEnvironment } from '../../../packages/core/src/exporters/postman/to-postman-collection';
export {
  fromPostmanCollection,
  isPostmanCollection,
} from '../../../packages/core/src/importers/postman/from-postman-collection';
export { fromPostmanEnvironment } from '../../../packages/core/src/importers/postman/from-postman-environment';
export { importFormats } from '../../../packages/core/src/importers/types';
export { readIterationData, type TDataRow } from '../../../packages/core/src/node/data-file';
export { createNodeTransport } from '../../../packages/core/src/node/transport';
export { planRun } from '../../../packages/core/src/runner/flatten';
export { runCollection } from '../../../packages/core/src/runner/run-collection';
