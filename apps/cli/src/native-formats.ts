// Loaded lazily: validating our own saved formats needs the zod schemas, which a Postman-only run never does.
import { CollectionFormat, EnvironmentFormat } from './core-lazy';

export { CollectionFormat, EnvironmentFormat };
