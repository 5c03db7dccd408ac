export * from './apply-auth';
export * from './auth-cache';
export * from './digest';
export * from './oauth2';
export * from './send-with-auth';
