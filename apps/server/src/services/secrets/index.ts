export * from './load-secrets-key';
export * from './secret-box';
