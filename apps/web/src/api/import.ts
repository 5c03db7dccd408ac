import type { TImportRequest, TImportResponse } from '@apiplay/core';
import { api } from './instance';

/** `POST /api/workspaces/:id/import`: the server detects the format, stores collections and environments. */
export const importContent = (wid: string, body: TImportRequest) =>
  api.post<TImportResponse>(`/api/workspaces/${encodeURIComponent(wid)}/import`, body);
