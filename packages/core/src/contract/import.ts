import { z } from 'zod';
import { ZCollectionSummary } from './collections';
import { ZEnvironmentResponse } from './environments';

export const ZImportFormat = z
  .enum(['postman', 'postman-environment', 'openapi', 'insomnia', 'har', 'curl'])
  .describe('Input format; detected from the content when omitted');

/** `POST /api/workspaces/:id/import` as JSON (a multipart upload with a `file` part is accepted too). */
export const ZImportRequest = z.object({
  content: z
    .string()
    .min(1)
    .describe('The file text: Postman/Insomnia/HAR JSON, OpenAPI JSON or YAML, or curl commands'),
  format: ZImportFormat.optional(),
  filename: z.string().max(255).optional().describe('Original file name (a naming hint)'),
});
export type TImportRequest = z.infer<typeof ZImportRequest>;

export const ZImportResponse = z.object({
  collections: z.array(ZCollectionSummary).describe('Collections created in the workspace'),
  environments: z.array(ZEnvironmentResponse).describe('Environments created in the workspace'),
  warnings: z.array(z.string()).describe('What could not be carried over exactly, each naming where'),
});
export type TImportResponse = z.infer<typeof ZImportResponse>;

export const ZExportFormat = z
  .enum(['postman', 'openapi', 'openapi-yaml', 'har', 'curl'])
  .describe(
    'postman = Collection v2.1; openapi = OpenAPI 3.1 JSON; openapi-yaml; har = HAR 1.2; curl = shell script',
  );

export const ZExportQuery = z.object({ format: ZExportFormat.default('postman') });
export type TExportQuery = z.infer<typeof ZExportQuery>;

/** `POST /api/workspaces/:id/import/fetch`: the server fetches a file to import (through its SSRF guard). */
export const ZImportUrlRequest = z.object({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe('http(s) URL of a Postman, OpenAPI, Insomnia, HAR or curl file'),
});
export type TImportUrlRequest = z.infer<typeof ZImportUrlRequest>;

export const ZImportUrlResponse = z.object({
  content: z.string().describe('The file text, to preview and then POST to …/import'),
  filename: z.string().describe('A naming hint: the last path segment of the URL'),
  contentType: z.string().nullable().describe('The Content-Type the server answered with'),
});
export type TImportUrlResponse = z.infer<typeof ZImportUrlResponse>;
