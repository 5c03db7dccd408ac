import { ApiError, toApiError } from './api-error';

/**
 * The session as the page holds it: the access token only, in memory. The refresh token is an HttpOnly cookie
 * (`apiplay_refresh`, path /api/auth) that no script — ours or an injected one — can read.
 */
export interface TokenPair {
  accessToken: string;
}

/** Opts a request into the server's cookie mode for the refresh token (see apps/server routes/auth). */
export const REFRESH_COOKIE_HEADER = 'x-refresh-cookie';

export interface ApiClientOptions {
  baseUrl: string;
  getTokens: () => TokenPair | null;
  setTokens: (tokens: TokenPair) => void;
  /** Called once when the refresh token is rejected; the app returns to sign-in (drafts stay in their store). */
  onAuthLost: () => void;
  /** Every failed call except aborts and lost sessions (the app shows a toast with the server's message). */
  onError?: (error: ApiError) => void;
  fetchImpl?: typeof fetch;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Raw body (FormData, Blob); sent as is. */
  rawBody?: BodyInit;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  /** Skip the bearer header and the refresh dance (sign-in, sign-up, refresh itself). */
  anonymous?: boolean;
  /**
   * A session route (sign-in, sign-up, refresh, logout, password change): the refresh token travels as the
   * HttpOnly cookie, set and read by the server, never through this code.
   */
  refreshCookie?: boolean;
  /** Do not report the failure through `onError` (the caller shows it inline). */
  silent?: boolean;
  /** Resolve with the body as a Blob (downloads), not parsed JSON. */
  asBlob?: boolean;
}

export interface ApiClient {
  request<T>(path: string, opts?: RequestOptions): Promise<T>;
  get<T>(path: string, opts?: Omit<RequestOptions, 'method'>): Promise<T>;
  post<T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>): Promise<T>;
  patch<T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>): Promise<T>;
  del<T>(path: string, opts?: Omit<RequestOptions, 'method'>): Promise<T>;
  /**
   * Exchange the refresh cookie for a new access token (also how a reload restores the session); concurrent
   * callers share one in-flight refresh.
   */
  refresh(): Promise<boolean>;
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) {
    return undefined;
  }
  const text = await res.text();
  if (text === '') {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The typed API client: attaches the access token, refreshes it silently on a 401 (one refresh in flight, shared
 * by every request that hit the 401), retries once, and turns error bodies into ApiError with the server's message.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  let inflight: Promise<boolean> | null = null;

  function buildUrl(path: string, query?: RequestOptions['query']): string {
    let url = `${options.baseUrl}${path}`;
    if (query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) {
        if (v !== undefined && v !== '') {
          params.set(k, String(v));
        }
      }
      const qs = params.toString();
      if (qs) {
        url += `?${qs}`;
      }
    }
    return url;
  }

  async function send(path: string, opts: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: BodyInit | undefined;
    if (opts.rawBody !== undefined) {
      body = opts.rawBody;
    } else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const tokens = options.getTokens();
    if (!opts.anonymous && tokens) {
      headers.authorization = `Bearer ${tokens.accessToken}`;
    }
    if (opts.refreshCookie) {
      headers[REFRESH_COOKIE_HEADER] = '1';
    }
    try {
      return await doFetch(buildUrl(path, opts.query), {
        method: opts.method ?? 'GET',
        headers,
        body,
        signal: opts.signal,
        // The refresh cookie also reaches an API on another origin (CORS_ORIGINS allows credentials).
        ...(opts.refreshCookie ? { credentials: 'include' as const } : {}),
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') {
        throw new ApiError('ABORTED', 'Request cancelled', 0);
      }
      throw new ApiError('NETWORK', 'Cannot reach the server', 0);
    }
  }

  async function doRefresh(): Promise<boolean> {
    try {
      const res = await send('/api/auth/refresh', {
        method: 'POST',
        body: {},
        anonymous: true,
        refreshCookie: true,
      });
      if (!res.ok) {
        return false;
      }
      const data = (await readBody(res)) as Partial<TokenPair> | undefined;
      if (!data?.accessToken) {
        return false;
      }
      options.setTokens({ accessToken: data.accessToken });
      return true;
    } catch {
      return false;
    }
  }

  function refresh(): Promise<boolean> {
    if (!inflight) {
      inflight = doRefresh().finally(() => {
        inflight = null;
      });
    }
    return inflight;
  }

  async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    try {
      return await requestOnce<T>(path, opts);
    } catch (e) {
      if (e instanceof ApiError && !opts.silent && e.code !== 'ABORTED' && e.code !== 'SESSION_EXPIRED') {
        options.onError?.(e);
      }
      throw e;
    }
  }

  async function requestOnce<T>(path: string, opts: RequestOptions): Promise<T> {
    const sentWith = options.getTokens()?.accessToken;
    let res = await send(path, opts);
    if (res.status === 401 && !opts.anonymous && sentWith) {
      // Another request may already have refreshed (new token) or lost the session (no token) meanwhile.
      const current = options.getTokens()?.accessToken;
      const refreshed = !current ? false : current !== sentWith ? true : await refresh();
      if (!refreshed) {
        if (options.getTokens()) {
          options.onAuthLost();
        }
        const lost = toApiError(401, await readBody(res), 'Your session has expired, please sign in again');
        throw new ApiError('SESSION_EXPIRED', lost.message, 401);
      }
      res = await send(path, opts);
    }
    if (res.ok && opts.asBlob) {
      return (await res.blob()) as T;
    }
    const data = await readBody(res);
    if (!res.ok) {
      throw toApiError(res.status, data, `${res.status} ${res.statusText}`);
    }
    return data as T;
  }

  return {
    request,
    refresh,
    get: (path, opts) => request(path, { ...opts, method: 'GET' }),
    post: (path, body, opts) => request(path, { ...opts, method: 'POST', body }),
    patch: (path, body, opts) => request(path, { ...opts, method: 'PATCH', body }),
    del: (path, opts) => request(path, { ...opts, method: 'DELETE' }),
  };
}
