export * from './prepare-request';
