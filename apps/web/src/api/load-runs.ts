import type {
  TInsights,
  TInsightsQuery,
  TLoadRun,
  TLoadRunAccepted,
  TLoadRunList,
  TStartLoadRunRequest,
} from '@apiplay/core';
import { api } from './instance';

const enc = encodeURIComponent;

/** `POST /api/collections/:id/load-runs`: queued as jobs; follow it over the live socket (`load.progress`). */
export const startLoadRun = (cid: string, body: TStartLoadRunRequest) =>
  api.post<TLoadRunAccepted>(`/api/collections/${enc(cid)}/load-runs`, body);

/** `GET /api/load-runs/:id` (silent: polled as a safety net behind the live socket). */
export const getLoadRun = (id: string) => api.get<TLoadRun>(`/api/load-runs/${enc(id)}`, { silent: true });

/** `GET /api/workspaces/:id/load-runs`: the 50 newest saved load runs. */
export const listLoadRuns = (wid: string) => api.get<TLoadRunList>(`/api/workspaces/${enc(wid)}/load-runs`);

/** `POST /api/load-runs/:id/stop`: the stop button. */
export const stopLoadRun = (id: string) =>
  api.post<{ status: 'aborted' | 'stopping' }>(`/api/load-runs/${enc(id)}/stop`, {});

/** `GET /api/requests/:id/insights`: latency percentiles and error rate from history. */
export const getInsights = (rid: string, window: TInsightsQuery['window']) =>
  api.get<TInsights>(`/api/requests/${enc(rid)}/insights?window=${enc(window)}`);
