// Test helpers for server suites: see createTestApp and the factories' JSDoc.
export * from './factories';
export * from './test-app';
