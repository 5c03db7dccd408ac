// HTTP API contract shared by server (validation + OpenAPI) and web (typed client). One line per area.
export * from './admin';
export * from './api-keys';
export * from './audit';
export * from './auth';
export * from './codegen';
export * from './collections';
export * from './common';
export * from './environments';
export * from './events';
export * from './execute';
export * from './files';
export * from './history';
export * from './identity';
export * from './import';
export * from './load-runs';
export * from './runs';
export * from './workspaces';
