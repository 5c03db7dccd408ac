import type {
  TAssertion,
  TCollection,
  TConsoleEntry,
  TEnvironment,
  TResponseResult,
  TSentRequest,
} from '@apiplay/core';

export type Role = 'owner' | 'admin' | 'editor' | 'viewer';

export interface User {
  id: string;
  email: string;
  name: string;
}

/** Sign-in/sign-up answer in cookie mode: the refresh token is set as an HttpOnly cookie, not returned. */
export interface AuthResponse {
  user: User;
  accessToken: string;
}

export interface Workspace {
  id: string;
  name: string;
  role?: Role;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  token?: string;
  expiresAt?: string;
}

export interface CollectionSummary {
  id: string;
  name: string;
  description?: string;
  updatedAt?: string;
}

export type CollectionTree = TCollection;

export interface EnvironmentDoc extends TEnvironment {
  workspaceId?: string;
  /** `globals` is the workspace-wide scope (served at /api/workspaces/:id/globals). */
  kind?: 'environment' | 'globals';
  isGlobals?: boolean;
  /** True when secret values are shown in clear. */
  revealed?: boolean;
}

export interface ExecuteResult {
  request?: TSentRequest;
  response?: TResponseResult;
  error?: { code: string; message: string };
  assertions: TAssertion[];
  console: TConsoleEntry[];
  warnings: string[];
  scriptFailures?: { phase: string; source: string; message: string; line?: number }[];
  /** pm.visualizer.set output: shown in the Visualize tab. */
  visualizer?: { template: string; data?: string };
}

export interface HistoryEntry {
  id: string;
  method: string;
  url: string;
  status: number | null;
  durationMs: number | null;
  createdAt: string;
  request?: unknown;
  response?: unknown;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix?: string;
  createdAt?: string;
  expiresAt?: string | null;
  lastUsedAt?: string | null;
}

export interface CodegenTarget {
  id: string;
  label: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Lists come back either as an array or as a page `{ items, nextCursor }`; accept both. */
export function toPage<T>(data: unknown, key?: string): Page<T> {
  if (Array.isArray(data)) {
    return { items: data as T[], nextCursor: null };
  }
  if (isRecord(data)) {
    const list = (key && data[key]) ?? data.items ?? data.data ?? data.results;
    const cursor = data.nextCursor ?? data.cursor ?? null;
    if (Array.isArray(list)) {
      return { items: list as T[], nextCursor: typeof cursor === 'string' ? cursor : null };
    }
  }
  return { items: [], nextCursor: null };
}

/** Single resources come back bare or wrapped (`{ collection: … }`); accept both. */
export function unwrap<T>(data: unknown, key: string): T {
  if (isRecord(data) && isRecord(data[key])) {
    return data[key] as T;
  }
  return data as T;
}
