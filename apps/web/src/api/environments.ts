import type {
  TCreateEnvironmentRequest,
  TEnvironmentList,
  TEnvironmentResponse,
  TPutGlobalsRequest,
  TUpdateEnvironmentRequest,
} from '@apiplay/core';
import { api } from './instance';

const ws = (wid: string) => `/api/workspaces/${encodeURIComponent(wid)}`;
const env = (id: string) => `/api/environments/${encodeURIComponent(id)}`;
const revealQuery = (reveal: boolean) => (reveal ? { reveal: 1 } : undefined);

/** `GET /api/workspaces/:id/environments` (globals excluded: they have their own endpoint). */
export const listEnvironments = (wid: string) => api.get<TEnvironmentList>(`${ws(wid)}/environments`);

/** `GET /api/environments/:id`; `reveal` shows secrets in clear (editors, audited). */
export const getEnvironment = (id: string, reveal = false) =>
  api.get<TEnvironmentResponse>(env(id), { query: revealQuery(reveal) });

/** `POST /api/workspaces/:id/environments`. */
export const createEnvironment = (wid: string, body: TCreateEnvironmentRequest) =>
  api.post<TEnvironmentResponse>(`${ws(wid)}/environments`, body);

/** `PATCH /api/environments/:id`. */
export const updateEnvironment = (id: string, body: TUpdateEnvironmentRequest) =>
  api.patch<TEnvironmentResponse>(env(id), body);

/** `DELETE /api/environments/:id`. */
export const deleteEnvironment = (id: string) => api.del<void>(env(id));

/** `GET /api/workspaces/:id/globals`. */
export const getGlobals = (wid: string, reveal = false) =>
  api.get<TEnvironmentResponse>(`${ws(wid)}/globals`, { query: revealQuery(reveal) });

/** `PUT /api/workspaces/:id/globals`. */
export const putGlobals = (wid: string, body: TPutGlobalsRequest) =>
  api.request<TEnvironmentResponse>(`${ws(wid)}/globals`, { method: 'PUT', body });
