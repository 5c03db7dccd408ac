export * from './data-file';
