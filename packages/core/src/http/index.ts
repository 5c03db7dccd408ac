export * from './headers';
export * from './sent-request';
export * from './types';
