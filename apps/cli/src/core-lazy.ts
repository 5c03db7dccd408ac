// Lazily loaded pieces of core (own chunks, see core.ts for why they bypass the barrel).

export { loadScriptModules } from '../../../packages/core/src/node/script-modules';
export { CollectionFormat, EnvironmentFormat } from '../../../packages/core/src/schema';
export { createScriptEngine } from '../../../packages/core/src/scripts/engine';
