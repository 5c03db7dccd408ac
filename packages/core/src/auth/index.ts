export * from './apply-auth';
export * from './auth-cache';
export * from './digest';
export * from './oauth2';
export * from './oauth2-flows';
export * from './send-with-auth';
