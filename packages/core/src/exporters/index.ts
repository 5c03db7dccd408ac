export { toCurl } from './curl/to-curl';
export { type ExportedFile, exportCollection, exportFormats, type TExportFormat } from './export-collection';
export { toHar } from './har/to-har';
export { type OpenApiExport, toOpenApi } from './openapi/to-openapi';
export { type WalkedRequest, walkRequests } from './walk';
