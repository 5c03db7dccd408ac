// `@apiplay/core/postman`: Postman collection and environment import and export (v2.0 / v2.1).
export * from './exporters/postman';
export * from './importers/postman';
