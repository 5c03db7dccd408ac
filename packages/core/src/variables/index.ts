export * from './dynamic-variables';
export * from './mask-secrets';
export * from './resolve-template';
export * from './secret-hosts';
export * from './template-names';
export * from './variable-scopes';
