export * from './data-file';
export * from './aws-sigv4';
export * from './cookies';
export * from './files';
export * from './read-body';
export * from './transport';
