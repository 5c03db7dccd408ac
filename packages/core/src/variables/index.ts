export * from './dynamic-variables';
export * from './mask-secrets';
export * from './resolve-template';
export * from './secret-hosts';
export * from './variable-scopes';
