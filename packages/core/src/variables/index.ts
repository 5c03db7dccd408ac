export * from './dynamic-variables';
export * from './resolve-template';
export * from './variable-scopes';
