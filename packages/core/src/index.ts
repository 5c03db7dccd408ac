export * from './errors';
export * from './schema';
export * from './importers/postman';
export * from './exporters/postman';
export * from './variables';
export * from './http';
export * from './auth';
export * from './importers';
