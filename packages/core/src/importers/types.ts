import type { TCollection, TEnvironment } from '../schema';

/** Formats the importer understands; `detectFormat` returns one of these (or null). */
export const importFormats = [
  'postman',
  'postman-environment',
  'openapi',
  'insomnia',
  'har',
  'curl',
] as const;
export type TImportFormat = (typeof importFormats)[number];

/** What an import produces: our saved formats plus notes about what could not be carried over. */
export interface ImportOutput {
  collections: TCollection[];
  environments: TEnvironment[];
  warnings: string[];
}

export interface ImportOptions {
  /** Skip detection and parse as this format. `postman-environment` is implied by `postman` when detected. */
  format?: TImportFormat | undefined;
  /** Used as a hint for detection (extension) and as a fallback collection name. */
  filename?: string | undefined;
  /** Inputs larger than this many bytes are refused with PAYLOAD_TOO_LARGE (default 20 MB). */
  maxBytes?: number | undefined;
}
