import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';
import { workspaces } from './workspaces';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Files stored with saved requests (multipart file fields, binary bodies). The bytes live in blob storage at
 * `storageKey` (DATA_DIR/blobs or the S3 bucket); a request body names a file as `src: "stored-file:<id>"`.
 */
export const workspaceFiles = pgTable(
  'workspace_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** The file name the target sees (multipart `filename`); a plain name, never a path. */
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    storageKey: text('storage_key').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('workspace_files_workspace_idx').on(t.workspaceId, t.createdAt)],
);
