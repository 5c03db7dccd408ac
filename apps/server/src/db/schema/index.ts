// Barrel of every table. Each area adds one line for its schema file.
export * from './audit';
export * from './meta';
export * from './users';
export * from './workspaces';
