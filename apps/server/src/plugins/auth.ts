import {
  AppError,
  type TApiKeyScope,
  type TFeatureFlag,
  type TWorkspaceRole,
  ZApiKeyScope,
} from '@apiplay/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { familyKey } from '../infra/token-blacklist';
import { isUuid, requireRole } from '../policies/roles';
import { findApiKey } from '../services/api-keys/find-api-key';
import { requireInstanceAdmin } from '../services/auth/require-instance-admin';

/**
 * Who is calling. `jti`/`exp`/`sid` are set for JWTs (logout blacklists them; `sid` is the refresh-token family);
 * `apiKeyId` and `keyExpiresAt` (ms, when the key expires) for API keys.
 */
export interface AuthInfo {
  userId: string;
  via: 'jwt' | 'apikey';
  jti?: string;
  exp?: number;
  sid?: string;
  apiKeyId?: string;
  keyExpiresAt?: number;
  /** API keys: what the key may do (sessions may do everything their user may). */
  scopes?: readonly TApiKeyScope[];
  /** API keys restricted to one workspace: only that workspace's routes answer. */
  keyWorkspaceId?: string;
  /**
   * `AuthChanges.ticket()` taken when the credential was checked: the request's reads of cached auth state (user
   * row) pass it, so they wait for the same notices as the credential check did instead of for newer ones.
   */
  noticeTicket?: number;
}

/** What a route needs of an API key; undeclared: `read` for GET, `write` for everything else. */
export function scopeOf(method: string, access: RouteAccess): TApiKeyScope {
  if (access.kind === 'admin') {
    return 'admin';
  }
  const declared = access.kind === 'public' ? undefined : access.scope;
  return declared ?? (method === 'GET' || method === 'HEAD' ? 'read' : 'write');
}

/**
 * Declared on every `/api` route as `config: { access }`:
 * - `public`: no authentication (credentials, if sent and valid, are still read);
 * - `user`: any authenticated user;
 * - `workspace`: a member with at least `minRole` of the workspace that `resolve` finds for the request
 *   (default: `params.id` for `/api/workspaces/:id…` routes). Runs before body validation, so a non-member
 *   gets 404 and an under-privileged member 403 whatever they send;
 * - `admin`: an instance administrator.
 * An API key also needs the route's scope (`scopeOf`), and a workspace-restricted key reaches only workspace
 * routes of its workspace (anything else: 403, another workspace: 404 as for a non-member).
 */
export type RouteAccess =
  | { kind: 'public'; feature?: TFeatureFlag }
  | { kind: 'user'; scope?: TApiKeyScope; feature?: TFeatureFlag }
  | {
      kind: 'workspace';
      minRole: TWorkspaceRole;
      /** Finds the workspace that owns the addressed resource; null → 404. Reads raw (unvalidated) input. */
      resolve?: (request: FastifyRequest, ctx: AppContext) => Promise<string | null>;
      /** The API key scope the route needs (default: `read` for GET, `write` otherwise). */
      scope?: TApiKeyScope;
      /** The optional module the route belongs to; when an admin turned it off the route answers 403. */
      feature?: TFeatureFlag;
    }
  /** Instance administrators only (`users.is_admin` or ADMIN_EMAILS); API keys need the `admin` scope. */
  | { kind: 'admin' };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the access hook on authenticated routes; null on public routes without credentials. */
    auth: AuthInfo | null;
    /** Set on workspace routes: the resolved workspace and the caller's role in it. */
    workspace: { id: string; role: TWorkspaceRole } | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

async function authenticateApiKey(ctx: AppContext, key: string): Promise<AuthInfo | null> {
  const found = await findApiKey({ db: ctx.db, key });
  if (found === null) {
    return null;
  }
  const auth: AuthInfo = {
    userId: found.userId,
    via: 'apikey',
    apiKeyId: found.id,
    // A value outside the enum (a hand-edited row) grants nothing.
    scopes: found.scopes.filter((s): s is TApiKeyScope => ZApiKeyScope.safeParse(s).success),
  };
  if (found.expiresAt !== null) {
    auth.keyExpiresAt = found.expiresAt.getTime();
  }
  if (found.workspaceId !== null) {
    auth.keyWorkspaceId = found.workspaceId;
  }
  return auth;
}

/**
 * Authenticates a bearer credential (JWT or `apk_…` key). Returns null when invalid, expired or revoked.
 * Exported for transports without headers (WebSocket upgrade with a token in the query or protocol).
 */
export async function authenticateToken(ctx: AppContext, token: string): Promise<AuthInfo | null> {
  // Taken before anything else: cached auth state answers for this request once every notice committed before
  // now has been applied on this instance.
  const noticeTicket = ctx.authChanges.ticket();
  if (token.startsWith('apk_')) {
    const auth = await authenticateApiKey(ctx, token);
    if (auth !== null) {
      auth.noticeTicket = noticeTicket;
    }
    return auth;
  }
  const claims = await ctx.accessTokens.verify(token);
  if (claims === null) {
    return null;
  }
  // A token ends with its own logout or with its family (logout elsewhere, re-use, password change, disabled).
  const { sid, jti } = claims;
  const revoked = await ctx.verifiedTokens.revoked(
    claims.userId,
    jti,
    () => (sid === undefined ? ctx.blacklist.has(jti) : ctx.blacklist.has(jti, familyKey(sid))),
    noticeTicket,
  );
  if (revoked) {
    return null;
  }
  const auth: AuthInfo = {
    userId: claims.userId,
    via: 'jwt',
    jti: claims.jti,
    exp: claims.exp,
    noticeTicket,
  };
  if (claims.sid !== undefined) {
    auth.sid = claims.sid;
  }
  return auth;
}

/** Reads `Authorization: Bearer …` or `X-API-Key`. Undefined when no credential was sent. */
export function credentialFrom(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.length > 0) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return m?.[1] ?? '';
  }
  const key = request.headers['x-api-key'];
  if (typeof key === 'string' && key.length > 0) {
    return key;
  }
  return undefined;
}

function defaultWorkspaceId(request: FastifyRequest): string | null {
  const url = request.routeOptions.url ?? '';
  const params = request.params as Record<string, unknown> | undefined;
  if (url.startsWith('/api/workspaces/:id') && typeof params?.id === 'string') {
    return params.id;
  }
  return null;
}

/**
 * The authentication + authorization hook for every route. Routes under /api that declare no `access` are
 * treated as `user` (fail closed); the route-table test insists that every one declares it.
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('workspace', null);
  app.addHook('preValidation', async (request) => {
    const declared = request.routeOptions.config?.access;
    const url = request.routeOptions.url ?? '';
    const access: RouteAccess | undefined =
      declared ?? (url.startsWith('/api/') ? { kind: 'user' } : undefined);
    if (access === undefined) {
      return;
    }
    if (access.kind !== 'admin' && access.feature !== undefined) {
      await requireFeature(ctx, access.feature);
    }
    const credential = credentialFrom(request);
    if (access.kind === 'public') {
      if (credential !== undefined && credential !== '') {
        request.auth = await authenticateToken(ctx, credential);
      }
      return;
    }
    if (credential === undefined || credential === '') {
      throw new AppError('UNAUTHORIZED', 'Authentication required');
    }
    const auth = await authenticateToken(ctx, credential);
    if (auth === null) {
      throw new AppError('UNAUTHORIZED', 'Invalid or expired credentials');
    }
    request.auth = auth;
    requireScope(auth, scopeOf(request.method, access));
    if (access.kind === 'admin') {
      await requireInstanceAdmin(ctx, auth.userId, auth.noticeTicket);
      return;
    }
    if (auth.keyWorkspaceId !== undefined && access.kind !== 'workspace') {
      throw new AppError(
        'FORBIDDEN',
        'This API key is restricted to one workspace and cannot use this route',
        {
          keyWorkspaceId: auth.keyWorkspaceId,
        },
      );
    }
    if (access.kind === 'user') {
      return;
    }
    const workspaceId = access.resolve ? await access.resolve(request, ctx) : defaultWorkspaceId(request);
    if (workspaceId === null || !isUuid(workspaceId)) {
      throw new AppError('NOT_FOUND', 'Not found');
    }
    if (auth.keyWorkspaceId !== undefined && auth.keyWorkspaceId !== workspaceId) {
      // As for a non-member: the key does not reveal that the workspace exists.
      throw new AppError('NOT_FOUND', 'Not found');
    }
    const role = await requireRole(ctx.db, auth.userId, workspaceId, access.minRole, ctx.memberships);
    request.workspace = { id: workspaceId, role };
  });
}

/** 403 naming the scope when an API key lacks it; sessions carry no scopes and pass. */
export function requireScope(auth: AuthInfo, scope: TApiKeyScope): void {
  if (auth.scopes !== undefined && !auth.scopes.includes(scope)) {
    throw new AppError('FORBIDDEN', `This API key lacks the '${scope}' scope`, { requiredScope: scope });
  }
}

async function requireFeature(ctx: AppContext, feature: TFeatureFlag): Promise<void> {
  if (!(await ctx.settings.get()).features[feature]) {
    throw new AppError('FORBIDDEN', `The '${feature}' module is turned off on this instance`, { feature });
  }
}

/** The authenticated caller; for handlers of non-public routes (the hook guarantees it is set). */
export function authOf(request: FastifyRequest): AuthInfo {
  if (request.auth === null) {
    throw new AppError('UNAUTHORIZED', 'Authentication required');
  }
  return request.auth;
}

/** The resolved workspace of a workspace-scoped route. */
export function workspaceOf(request: FastifyRequest): { id: string; role: TWorkspaceRole } {
  if (request.workspace === null) {
    throw new AppError('NOT_FOUND', 'Not found');
  }
  return request.workspace;
}

/**
 * A preHandler for routes outside `/api` that declare no `access` (the access hook leaves those alone), e.g.
 * `/ws`: authenticates `Authorization: Bearer …` / `X-API-Key` and sets `request.auth`, or answers 401.
 */
export async function requireAuth(request: FastifyRequest): Promise<void> {
  if (request.auth !== null) {
    return;
  }
  const credential = credentialFrom(request);
  if (credential === undefined || credential === '') {
    throw new AppError('UNAUTHORIZED', 'Authentication required');
  }
  const auth = await authenticateToken(request.server.ctx, credential);
  if (auth === null) {
    throw new AppError('UNAUTHORIZED', 'Invalid or expired credentials');
  }
  request.auth = auth;
}
