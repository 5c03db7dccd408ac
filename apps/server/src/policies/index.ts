export * from './roles';
export * from './workspace-of';
