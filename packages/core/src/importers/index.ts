export { fromCurl, looksLikeCurl, splitCurlCommands } from './curl/from-curl';
export { detectFormat, detectParsed } from './detect-format';
export { fromHar, isHar } from './har/from-har';
export { DEFAULT_IMPORT_MAX_BYTES, importAny } from './import-any';
export { fromInsomnia, isInsomniaExport } from './insomnia/from-insomnia';
export { exampleFromSchema } from './openapi/example-from-schema';
export { fromOpenApi, isOpenApiDocument } from './openapi/from-openapi';
export { type ImportOptions, type ImportOutput, importFormats, type TImportFormat } from './types';
