import type {
  TRun,
  TRunAccepted,
  TRunList,
  TRunListQuery,
  TRunReportFormat,
  TRunSummary,
  TStartRunRequest,
} from '@apiplay/core';
import { api } from './instance';

/** `POST /api/collections/:id/runs`: queued; follow it with `getRun` and the live socket. */
export const startRun = (cid: string, body: TStartRunRequest) =>
  api.post<TRunAccepted>(`/api/collections/${encodeURIComponent(cid)}/runs`, body);

/** `GET /api/runs/:id` (silent: the runner polls it as a safety net behind the live socket). */
export const getRun = (runId: string) =>
  api.get<TRun>(`/api/runs/${encodeURIComponent(runId)}`, { silent: true });

/** Filters of the runs list; absent means "any". */
export type RunFilter = Partial<Pick<TRunListQuery, 'collectionId' | 'status' | 'cursor' | 'limit'>>;

/** `GET /api/workspaces/:id/runs`: newest first, one page. */
export const listRuns = (wid: string, filter: RunFilter) =>
  api.get<TRunList>(`/api/workspaces/${encodeURIComponent(wid)}/runs`, { query: { ...filter } });

/** `POST /api/runs/:id/cancel`: the run ends `aborted` (viewers: only their own runs). */
export const cancelRun = (runId: string) =>
  api.post<TRunSummary>(`/api/runs/${encodeURIComponent(runId)}/cancel`);

/** `GET /api/runs/:id/report?format=…` as a Blob, saved by the caller exactly as the server wrote it. */
export const downloadRunReport = (runId: string, format: TRunReportFormat) =>
  api.request<Blob>(`/api/runs/${encodeURIComponent(runId)}/report`, { query: { format }, asBlob: true });
