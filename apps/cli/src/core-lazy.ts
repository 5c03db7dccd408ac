// Lazily loaded pieces of core (own chunks, see core.ts for why they bypass the barrel).

export { CollectionFormat, EnvironmentFormat } from '@apiplay/core/schema';
