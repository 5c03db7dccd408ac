export * from './seal-stored-secrets';
export * from './secret-box';
export * from './tree-secrets';
