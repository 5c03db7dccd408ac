import { z } from 'zod';
import {
  ZAuth,
  ZBody,
  ZCollectionV1,
  ZHttpMethod,
  ZItemV1,
  ZKeyValue,
  ZRequestSettings,
  ZScripts,
  ZVariable,
} from '../schema';
import { ZTimestamp } from './common';

/** A collection in a list (without its tree). */
export const ZCollectionSummary = z
  .object({
    id: z.uuid(),
    workspaceId: z.uuid(),
    name: z.string(),
    description: z.string(),
    revision: z.number().int().describe('Bumped on every change to the collection or its items'),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .describe('Collection summary');
export type TCollectionSummary = z.infer<typeof ZCollectionSummary>;

export const ZCollectionList = z.object({
  items: z.array(ZCollectionSummary).describe('This page'),
  nextCursor: z.string().nullable().describe('Pass as `cursor` to get the next page; null when done'),
});
export type TCollectionList = z.infer<typeof ZCollectionList>;

export const ZCreateCollectionRequest = z.object({
  name: z.string().trim().min(1).max(200).describe('Name'),
  description: z.string().max(100_000).optional().describe('Markdown description'),
  auth: ZAuth.optional().describe('Collection-level auth, inherited by items set to `inherit`'),
  variables: z.array(ZVariable).max(1000).optional().describe('Collection variables'),
  scripts: ZScripts.optional().describe('Collection-level pre-request and test scripts'),
  items: z
    .array(ZItemV1)
    .optional()
    .describe('A whole tree to store at once (imports); ids are replaced by new ones'),
});
export type TCreateCollectionRequest = z.infer<typeof ZCreateCollectionRequest>;

export const ZUpdateCollectionRequest = z.object({
  name: z.string().trim().min(1).max(200).optional().describe('New name'),
  description: z.string().max(100_000).optional(),
  auth: ZAuth.optional(),
  variables: z.array(ZVariable).max(1000).optional(),
  scripts: ZScripts.optional(),
});
export type TUpdateCollectionRequest = z.infer<typeof ZUpdateCollectionRequest>;

/** `GET /api/collections/:id`: the whole tree in the saved format (v1) plus server metadata. */
export const ZCollectionTree = ZCollectionV1.extend({
  workspaceId: z.uuid(),
  revision: z.number().int(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
}).describe('Collection with its whole tree');
export type TCollectionTree = z.infer<typeof ZCollectionTree>;

const ZFolderFields = {
  name: z.string().trim().min(1).max(200).describe('Name'),
  description: z.string().max(100_000).describe('Markdown description'),
  auth: ZAuth.describe('Auth; `inherit` takes the nearest ancestor’s'),
  variables: z.array(ZVariable).max(1000).describe('Folder variables (collection scope, nearest wins)'),
  scripts: ZScripts,
};
const ZRequestFields = {
  name: z.string().trim().min(1).max(200).describe('Name'),
  description: z.string().max(100_000),
  method: ZHttpMethod.describe('HTTP method'),
  url: z.string().max(100_000).describe('Raw URL incl. query; may contain {{variables}}'),
  headers: z.array(ZKeyValue).max(1000),
  body: ZBody,
  auth: ZAuth,
  scripts: ZScripts,
  settings: ZRequestSettings,
};

const ZPlacement = {
  parentId: z.uuid().nullable().optional().describe('Folder to create in; null/omitted = collection root'),
  position: z.number().int().min(0).optional().describe('Index among siblings; omitted = last'),
};

/** `POST /api/collections/:id/items`: a folder or a request. */
export const ZCreateItemRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('folder'), ...ZPlacement, ...z.object(ZFolderFields).partial().shape }),
  z.object({ type: z.literal('request'), ...ZPlacement, ...z.object(ZRequestFields).partial().shape }),
]);
export type TCreateItemRequest = z.infer<typeof ZCreateItemRequest>;

/** `PATCH /api/items/:id`: fields of a folder or a request (fields of the other kind are rejected). */
export const ZUpdateItemRequest = z
  .object({ ...z.object(ZFolderFields).partial().shape, ...z.object(ZRequestFields).partial().shape })
  .strict();
export type TUpdateItemRequest = z.infer<typeof ZUpdateItemRequest>;

/** A folder (without its children) or a request, with where it sits. */
export const ZItemResponse = z
  .object({
    collectionId: z.uuid(),
    parentId: z.uuid().nullable(),
    item: ZItemV1.describe('The item in the saved format; folders come with `items: []`'),
    updatedAt: ZTimestamp,
  })
  .describe('Collection item');
export type TItemResponse = z.infer<typeof ZItemResponse>;

export const ZMoveItemRequest = z.object({
  parentId: z.uuid().nullable().describe('New parent folder; null = collection root'),
  position: z.number().int().min(0).describe('Index among the new siblings (0 = first)'),
});
export type TMoveItemRequest = z.infer<typeof ZMoveItemRequest>;

export const ZSnapshot = z
  .object({
    id: z.uuid(),
    itemId: z.uuid(),
    name: z.string(),
    request: ZItemV1.describe('The request as it was saved'),
    createdBy: z.uuid().nullable(),
    createdAt: ZTimestamp,
  })
  .describe('Saved version of a request');
export type TSnapshot = z.infer<typeof ZSnapshot>;

export const ZSnapshotList = z.object({ items: z.array(ZSnapshot).describe('Newest first, at most 50') });
export type TSnapshotList = z.infer<typeof ZSnapshotList>;

export const ZSnapshotParams = z.object({
  id: z.uuid().describe('Request id'),
  snapId: z.uuid().describe('Snapshot id'),
});
export type TSnapshotParams = z.infer<typeof ZSnapshotParams>;
