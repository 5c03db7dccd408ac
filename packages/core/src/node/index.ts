export * from './aws-sigv4';
export * from './cookies';
export * from './data-file';
export * from './files';
export * from './read-body';
export * from './script-modules';
export * from './transport';
