import { AppError, importAny, type TImportFormat, type TImportResponse } from '@apiplay/core';
import type { Db } from '../../db/client';
import type { SecretBox } from '../../infra/secrets';
import { assertSafeInput } from '../../lib/storable-text';
import { recordAudit } from '../audit/record-audit';
import { createCollection } from '../collections/create-collection';
import { createEnvironment } from '../environments/create-environment';

/** Limits of the content contract (names ≤ 200 chars, ≤ 1000 variables); imports are cut to fit, not refused. */
const MAX_NAME = 200;
const MAX_VARIABLES = 1000;

function fitName(name: string, fallback: string): string {
  const trimmed = name.trim().slice(0, MAX_NAME);
  return trimmed === '' ? fallback : trimmed;
}

/**
 * Import a file (any supported format) into a workspace: parse with core's `importAny`, then create each
 * collection (with its whole tree) and environment. Bad input → IMPORT_INVALID (400), too large → 413.
 */
export async function importIntoWorkspace(opts: {
  db: Db;
  box: SecretBox;
  workspaceId: string;
  userId: string;
  content: string;
  format?: TImportFormat | undefined;
  filename?: string | undefined;
  maxBytes: number;
  /** The caller's address, for the audit trail. */
  ip?: string;
}): Promise<TImportResponse> {
  const result = await importAny(opts.content, {
    format: opts.format,
    filename: opts.filename,
    maxBytes: opts.maxBytes,
  });
  if (!result.ok) {
    throw result.error;
  }
  const { collections, environments, warnings } = result.value;
  // The file is text from a user like any other API input: NUL or lone surrogates (e.g. JSON `\u0000` escapes)
  // are refused, naming the place in the imported documents.
  assertSafeInput({ collections, environments }, 'content');
  const notes = [...warnings];
  const out: TImportResponse = { collections: [], environments: [], warnings: notes };
  for (const c of collections) {
    if (c.variables.length > MAX_VARIABLES) {
      notes.push(`${c.name}: only the first ${MAX_VARIABLES} of ${c.variables.length} variables were kept`);
    }
    out.collections.push(
      await createCollection({
        db: opts.db,
        box: opts.box,
        workspaceId: opts.workspaceId,
        userId: opts.userId,
        input: {
          name: fitName(c.name, 'Imported collection'),
          description: c.description,
          auth: c.auth,
          variables: c.variables.slice(0, MAX_VARIABLES),
          scripts: c.scripts,
          items: c.items,
        },
        field: 'content',
        ...(opts.ip === undefined ? {} : { ip: opts.ip }),
      }),
    );
  }
  for (const e of environments) {
    out.environments.push(
      await createEnvironment({
        db: opts.db,
        box: opts.box,
        workspaceId: opts.workspaceId,
        userId: opts.userId,
        input: {
          name: fitName(e.name, 'Imported environment'),
          variables: e.variables.slice(0, MAX_VARIABLES),
        },
        ...(opts.ip === undefined ? {} : { ip: opts.ip }),
      }),
    );
  }
  if (out.collections.length === 0 && out.environments.length === 0) {
    throw new AppError('IMPORT_INVALID', 'the file contains no collection or environment');
  }
  await recordAudit(opts.db, {
    action: 'import.completed',
    actorId: opts.userId,
    workspaceId: opts.workspaceId,
    targetType: 'workspace',
    targetId: opts.workspaceId,
    ip: opts.ip,
    meta: {
      format: opts.format ?? 'detected',
      collections: out.collections.map((c) => c.id),
      environments: out.environments.map((e) => e.id),
    },
  });
  return out;
}
