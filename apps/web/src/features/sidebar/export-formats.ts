import type { TExportQuery } from '@apiplay/core';

export type ExportFormat = TExportQuery['format'];

/** Every export format the server offers, with its menu label and the file name ending the server uses. */
export const exportFormats: Record<ExportFormat, { label: string; suffix: string }> = {
  postman: { label: 'Postman v2.1', suffix: '.postman_collection.json' },
  openapi: { label: 'OpenAPI 3.1 (JSON)', suffix: '.openapi.json' },
  'openapi-yaml': { label: 'OpenAPI 3.1 (YAML)', suffix: '.openapi.yaml' },
  har: { label: 'HAR 1.2', suffix: '.har' },
  curl: { label: 'cURL script', suffix: '.sh' },
};

export const exportFormatList = Object.keys(exportFormats) as ExportFormat[];
