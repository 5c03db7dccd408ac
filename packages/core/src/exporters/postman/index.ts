export {
  POSTMAN_V21_SCHEMA,
  type PostmanCollectionV21,
  type PostmanEnvironmentExport,
  type PostmanItem,
  toPostmanCollection,
  toPostmanEnvironment,
} from './to-postman-collection';
export { type PostmanUrl, toPostmanUrl } from './url-parts';
