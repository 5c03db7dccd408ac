import type { TImportRequest, TImportResponse, TImportUrlRequest, TImportUrlResponse } from '@apiplay/core';
import { api } from './instance';

const ws = (wid: string) => `/api/workspaces/${encodeURIComponent(wid)}`;

/** `POST /api/workspaces/:id/import`: the server detects the format, stores collections and environments. */
export const importContent = (wid: string, body: TImportRequest) =>
  api.post<TImportResponse>(`${ws(wid)}/import`, body);

/** `POST /api/workspaces/:id/import/fetch`: the server fetches the file (SSRF-guarded) for the preview. */
export const fetchImportUrl = (wid: string, body: TImportUrlRequest) =>
  api.post<TImportUrlResponse>(`${ws(wid)}/import/fetch`, body, { silent: true });
