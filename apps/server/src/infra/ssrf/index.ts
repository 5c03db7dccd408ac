export * from './builtin-targets';
export * from './classify-address';
export * from './guarded-resolver';
export * from './policy';
