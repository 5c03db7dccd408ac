export {
  fromPostmanCollection,
  isPostmanCollection,
  type PostmanImport,
  type PostmanSchemaVersion,
  postmanSchemaVersion,
} from './from-postman-collection';
export { fromPostmanEnvironment, isPostmanEnvironment } from './from-postman-environment';
