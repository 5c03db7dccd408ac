export * from './secret-box';
export * from './tree-secrets';
export * from './workspace-secrets';
