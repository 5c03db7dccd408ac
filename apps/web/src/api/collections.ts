import type {
  TCollectionList,
  TCollectionSummary,
  TCollectionTree,
  TCreateCollectionRequest,
  TExportQuery,
  TUpdateCollectionRequest,
} from '@apiplay/core';
import { api } from './instance';

const col = (cid: string) => `/api/collections/${encodeURIComponent(cid)}`;

/** `GET /api/workspaces/:id/collections` (first page of 100; the sidebar shows them all). */
export const listCollections = (wid: string) =>
  api.get<TCollectionList>(`/api/workspaces/${encodeURIComponent(wid)}/collections`, {
    query: { limit: 100 },
  });

/** `GET /api/collections/:id`: the whole tree. `silent` for background syncs that must not toast. */
export const getCollectionTree = (cid: string, opts: { silent?: boolean } = {}) =>
  api.get<TCollectionTree>(col(cid), opts);

/** `POST /api/workspaces/:id/collections`. */
export const createCollection = (wid: string, body: TCreateCollectionRequest) =>
  api.post<TCollectionSummary>(`/api/workspaces/${encodeURIComponent(wid)}/collections`, body);

/** `PATCH /api/collections/:id`. */
export const updateCollection = (cid: string, body: TUpdateCollectionRequest) =>
  api.patch<TCollectionSummary>(col(cid), body);

/** `DELETE /api/collections/:id`. */
export const deleteCollection = (cid: string) => api.del<void>(col(cid));

/**
 * `GET /api/collections/:id/export?format=…` as a Blob: postman/openapi/har are JSON, openapi-yaml and curl text;
 * the caller saves it as a file, so the body is kept exactly as the server wrote it.
 */
export const exportCollection = (cid: string, format: TExportQuery['format']) =>
  api.request<Blob>(`${col(cid)}/export`, { query: { format }, asBlob: true });
