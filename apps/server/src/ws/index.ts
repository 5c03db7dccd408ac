import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { authenticateToken } from '../plugins/auth';
import { getMemberRole } from '../policies/roles';
import { DEFAULT_WS_LIMITS, WS_CLOSE, WsConnection, type WsHost } from './connection';
import { WriteBatcher } from './write-batcher';

/** The subprotocol clients offer; a second offered protocol carries the token (never the URL). */
export const WS_PROTOCOL = 'apiplay';

/**
 * `GET /ws`: live events for the workspaces a client subscribes to (members only). Authenticated by an access
 * token or API key in `Sec-WebSocket-Protocol: apiplay, <token>` or in a first `{type:"auth"}` message.
 */
export async function wsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(websocket, {
    options: {
      maxPayload: 64 * 1024,
      handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
    },
  });
  const connections = new Set<WsConnection>();
  app.ctx.metrics.sources.wsConnections = () => connections.size;
  const host: WsHost = {
    // Watching is reading: an API key needs the `read` scope (one without it is refused like a bad credential).
    authenticate: async (token) => {
      const auth = await authenticateToken(app.ctx, token);
      return auth === null || (auth.scopes !== undefined && !auth.scopes.includes('read')) ? null : auth;
    },
    canWatch: async (auth, workspaceId) =>
      (auth.keyWorkspaceId === undefined || auth.keyWorkspaceId === workspaceId) &&
      (await getMemberRole(app.ctx.db, auth.userId, workspaceId)) !== null,
    limits: DEFAULT_WS_LIMITS,
    batcher: new WriteBatcher(DEFAULT_WS_LIMITS.batchWindowMs),
    onClose: (conn) => connections.delete(conn),
  };

  // One bus subscription per instance; each event is serialized once, to one buffer every subscriber shares.
  const unsubscribe = app.ctx.events.subscribe((event) => {
    let frame: Buffer | undefined;
    for (const conn of connections) {
      if (conn.auth && conn.workspaces.has(event.workspaceId)) {
        frame ??= Buffer.from(JSON.stringify({ type: 'event', event }));
        conn.send(frame);
        app.ctx.metrics.wsEvents.inc({ type: event.type });
      }
    }
  });
  // A user's credentials or memberships changed (on any instance): re-check that user's streams (all on null).
  const stopAuthChanges = app.ctx.authChanges.subscribe((userId) => {
    for (const conn of connections) {
      if (conn.auth !== null && (userId === null || conn.auth.userId === userId)) {
        conn.revalidate().catch(() => conn.close(WS_CLOSE.unauthorized, 'authentication failed'));
      }
    }
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    stopAuthChanges();
    for (const conn of connections) {
      conn.close(1001, 'server shutting down');
    }
    host.batcher.flush();
  });

  app.get('/ws', { websocket: true, schema: { hide: true } }, (socket, request) => {
    const offered = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '' && p !== WS_PROTOCOL);
    const conn = new WsConnection(socket, host, request.socket);
    connections.add(conn);
    conn.start(offered[0]).catch(() => conn.close(4401, 'authentication failed'));
  });
}
