import type { TAuth, TScripts, TVariable } from '@apiplay/core';
import { type AnyPgColumn, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';
import { workspaces } from './workspaces';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The root of a tree: collection-level auth, variables, scripts and description. */
export const collections = pgTable(
  'collections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    auth: jsonb('auth').$type<TAuth>().notNull(),
    variables: jsonb('variables').$type<TVariable[]>().notNull(),
    scripts: jsonb('scripts').$type<TScripts>().notNull(),
    /** Bumped on every change to the collection or any item (cheap "has it changed" for clients). */
    revision: integer('revision').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('collections_workspace_idx').on(t.workspaceId, t.name)],
);

/**
 * Folders and requests, one row each. `parentId` null = directly under the collection. Siblings are ordered by
 * `sortKey`, a fractional index, so a move rewrites one row. Deleting a folder cascades to its subtree.
 * `data` holds the rest of the saved format (folder: description/auth/variables/scripts; request: method, url, …).
 */
export const collectionItems = pgTable(
  'collection_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => collectionItems.id, { onDelete: 'cascade' }),
    type: text('type', { enum: ['folder', 'request'] }).notNull(),
    name: text('name').notNull(),
    sortKey: text('sort_key').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('collection_items_tree_idx').on(t.collectionId, t.parentId, t.sortKey),
    index('collection_items_parent_idx').on(t.parentId),
  ],
);

/** Saved versions of a request (the last 50 are kept). */
export const requestSnapshots = pgTable(
  'request_snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => collectionItems.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('request_snapshots_item_idx').on(t.itemId, t.createdAt)],
);
