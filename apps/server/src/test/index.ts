// Test helpers for server suites: see createTestApp and the factories' JSDoc.
export * from './factories';
export * from './inject-as';
export * from './test-app';
