import type { TRun, TRunAccepted, TStartRunRequest } from '@apiplay/core';
import { api } from './instance';

/** `POST /api/collections/:id/runs`: queued; follow it with `getRun` and the live socket. */
export const startRun = (cid: string, body: TStartRunRequest) =>
  api.post<TRunAccepted>(`/api/collections/${encodeURIComponent(cid)}/runs`, body);

/** `GET /api/runs/:id` (silent: the runner polls it as a safety net behind the live socket). */
export const getRun = (runId: string) =>
  api.get<TRun>(`/api/runs/${encodeURIComponent(runId)}`, { silent: true });
