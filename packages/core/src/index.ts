export * from './errors';
export * from './schema';
