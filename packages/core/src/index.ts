export * from './errors';
export * from './schema';
export * from './importers/postman';
export * from './exporters/postman';
