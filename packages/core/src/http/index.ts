export * from './headers';
export * from './prepare-request';
export * from './types';
