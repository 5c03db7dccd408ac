import type {
  TCreateItemRequest,
  TItemResponse,
  TMoveItemRequest,
  TSnapshotList,
  TUpdateItemRequest,
} from '@apiplay/core';
import { api } from './instance';

const item = (id: string) => `/api/items/${encodeURIComponent(id)}`;
const req = (id: string) => `/api/requests/${encodeURIComponent(id)}`;

/** `POST /api/collections/:id/items`: a folder or a request. */
export const createItem = (cid: string, body: TCreateItemRequest) =>
  api.post<TItemResponse>(`/api/collections/${encodeURIComponent(cid)}/items`, body);

/** `PATCH /api/items/:id`. */
export const updateItem = (id: string, body: TUpdateItemRequest) => api.patch<TItemResponse>(item(id), body);

/** `DELETE /api/items/:id`. */
export const deleteItem = (id: string) => api.del<void>(item(id));

/** `POST /api/items/:id/move`. */
export const moveItem = (id: string, body: TMoveItemRequest) =>
  api.post<TItemResponse>(`${item(id)}/move`, body);

/** `POST /api/requests/:id/duplicate`. */
export const duplicateRequest = (id: string) => api.post<TItemResponse>(`${req(id)}/duplicate`);

/** `GET /api/requests/:id/snapshots`: saved versions, newest first. */
export const listSnapshots = (id: string) => api.get<TSnapshotList>(`${req(id)}/snapshots`);

/** `POST /api/requests/:id/snapshots/:snapId/restore`. */
export const restoreSnapshot = (id: string, snapId: string) =>
  api.post<TItemResponse>(`${req(id)}/snapshots/${encodeURIComponent(snapId)}/restore`);
