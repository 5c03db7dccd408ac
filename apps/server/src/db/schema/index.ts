// Barrel of every table. Each area adds one line for its schema file.
export * from './audit';
export * from './collections';
export * from './environments';
export * from './files';
export * from './history';
export * from './identity';
export * from './load-runs';
export * from './meta';
export * from './runs';
export * from './users';
export * from './workspaces';
