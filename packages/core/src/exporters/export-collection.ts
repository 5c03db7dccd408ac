import { stringify } from 'yaml';
import { AppError } from '../errors';
import type { TCollection } from '../schema';
import { VariableScopes } from '../variables/variable-scopes';
import { toCurl } from './curl/to-curl';
import { toHar } from './har/to-har';
import { toOpenApi } from './openapi/to-openapi';
import { toPostmanCollection } from './postman';
import { walkRequests } from './walk';

export const exportFormats = ['postman', 'openapi', 'openapi-yaml', 'har', 'curl'] as const;
export type TExportFormat = (typeof exportFormats)[number];

export interface ExportedFile {
  content: string;
  /** Suggested file name. */
  filename: string;
  mimeType: string;
  warnings: string[];
}

function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'collection';
}

/** Export a collection as text in one of the supported formats (CLI and server share this). */
export function exportCollection(collection: TCollection, format: TExportFormat): ExportedFile {
  const base = slug(collection.name);
  switch (format) {
    case 'postman':
      return {
        content: `${JSON.stringify(toPostmanCollection(collection), null, 2)}\n`,
        filename: `${base}.postman_collection.json`,
        mimeType: 'application/json',
        warnings: [],
      };
    case 'openapi':
    case 'openapi-yaml': {
      const { document, warnings } = toOpenApi(collection);
      return format === 'openapi'
        ? {
            content: `${JSON.stringify(document, null, 2)}\n`,
            filename: `${base}.openapi.json`,
            mimeType: 'application/json',
            warnings,
          }
        : {
            content: stringify(document),
            filename: `${base}.openapi.yaml`,
            mimeType: 'application/yaml',
            warnings,
          };
    }
    case 'har':
      return {
        content: `${JSON.stringify(toHar(collection), null, 2)}\n`,
        filename: `${base}.har`,
        mimeType: 'application/json',
        warnings: [],
      };
    case 'curl': {
      const scopes = new VariableScopes({ collection: collection.variables });
      const commands = walkRequests(collection).map(({ item, ancestors, path }) => {
        scopes.setFolders(ancestors);
        const title = [...path, item.name].join(' / ');
        return `# ${title}\n${toCurl(item, { scopes, ancestors })}`;
      });
      return {
        content: `${commands.join('\n\n')}\n`,
        filename: `${base}.sh`,
        mimeType: 'text/plain',
        warnings: [],
      };
    }
    default: {
      const never: never = format;
      throw new AppError('VALIDATION_FAILED', `unknown export format ${String(never)}`);
    }
  }
}
