import { type TWsServerMessage, ZWsClientMessage } from '@apiplay/core';
import type { WebSocket } from 'ws';
import type { AuthInfo } from '../plugins/auth';
import type { Corkable, WriteBatcher } from './write-batcher';

/** Close codes: 4401 = not (or no longer) authenticated, 4408 = too slow, 4400 = bad message. */
export const WS_CLOSE = { unauthorized: 4401, slowConsumer: 4408, badMessage: 4400 } as const;

export interface WsLimits {
  /** Bytes allowed to queue on a socket before the client is dropped as too slow. */
  maxBufferedBytes: number;
  /** Ping interval; a client that has not answered the previous ping is terminated. */
  heartbeatMs: number;
  /** Time allowed for the first `auth` message when the token did not come in the subprotocol. */
  authTimeoutMs: number;
  /** Frames to one socket within this window leave in one write (see WriteBatcher). */
  batchWindowMs: number;
}

export const DEFAULT_WS_LIMITS: WsLimits = {
  maxBufferedBytes: 4 * 1024 * 1024,
  heartbeatMs: 30_000,
  authTimeoutMs: 10_000,
  batchWindowMs: 5,
};

export interface WsHost {
  authenticate(token: string): Promise<AuthInfo | null>;
  /** True when the caller may watch the workspace (a member; a restricted API key: only its workspace). */
  canWatch(auth: AuthInfo, workspaceId: string): Promise<boolean>;
  limits: WsLimits;
  batcher: WriteBatcher;
  onClose(conn: WsConnection): void;
}

/** One client: authentication state, subscriptions, heartbeat, backpressure. */
export class WsConnection {
  auth: AuthInfo | null = null;
  readonly workspaces = new Set<string>();
  #alive = true;
  #timers: NodeJS.Timeout[] = [];
  /** Authentication in flight; messages that arrive meanwhile wait for it instead of being refused. */
  #authenticating: Promise<void> | null = null;
  /** The credential this stream was opened with: checked again whenever its user's credentials change. */
  #token: string | null = null;

  constructor(
    readonly socket: WebSocket,
    private readonly host: WsHost,
    /** The TCP socket under `socket`, corked while a batch window is open. */
    private readonly wire: Corkable,
  ) {
    socket.on('pong', () => {
      this.#alive = true;
    });
    socket.on('close', () => this.dispose());
    socket.on('message', (data) => {
      this.#onMessage(String(data)).catch(() => this.close(WS_CLOSE.badMessage, 'bad message'));
    });
    const beat = setInterval(() => {
      if (!this.#alive) {
        socket.terminate();
        return;
      }
      this.#alive = false;
      socket.ping();
      // Safety net for a missed auth-change notice (e.g. sent while Redis was away): re-check every heartbeat.
      this.revalidate().catch(() => undefined);
    }, host.limits.heartbeatMs);
    beat.unref();
    this.#timers.push(beat);
  }

  /** Start with a token from the subprotocol, or wait for the first message. */
  async start(token: string | undefined): Promise<void> {
    if (token) {
      this.#authenticating = this.#authenticate(token);
      await this.#authenticating;
      return;
    }
    const timer = setTimeout(() => {
      if (!this.auth) {
        this.close(WS_CLOSE.unauthorized, 'authentication required');
      }
    }, this.host.limits.authTimeoutMs);
    timer.unref();
    this.#timers.push(timer);
  }

  /**
   * Send a message (or an event already serialized once for every subscriber) unless the client is too slow;
   * slow consumers are dropped, not buffered without bound.
   */
  send(message: TWsServerMessage | Buffer): void {
    if (this.socket.readyState !== this.socket.OPEN) {
      return;
    }
    if (this.socket.bufferedAmount > this.host.limits.maxBufferedBytes) {
      this.close(WS_CLOSE.slowConsumer, 'too slow; reconnect');
      return;
    }
    this.host.batcher.hold(this.wire);
    if (Buffer.isBuffer(message)) {
      this.socket.send(message, { binary: false });
    } else {
      this.socket.send(JSON.stringify(message));
    }
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason);
    }
    this.dispose();
  }

  dispose(): void {
    for (const t of this.#timers) {
      clearTimeout(t);
    }
    this.#timers = [];
    this.host.onClose(this);
  }

  async #authenticate(token: string): Promise<void> {
    const auth = await this.host.authenticate(token);
    if (!auth) {
      this.close(WS_CLOSE.unauthorized, 'invalid or expired credentials');
      return;
    }
    this.auth = auth;
    this.#token = token;
    // An access token (or an API key with an expiry) stops being valid at its expiry; so does the socket it opened.
    const expiresAt = auth.exp !== undefined ? auth.exp * 1000 : auth.keyExpiresAt;
    if (expiresAt !== undefined) {
      const timer = setTimeout(
        () => this.close(WS_CLOSE.unauthorized, auth.exp !== undefined ? 'token expired' : 'API key expired'),
        // setTimeout fires at once beyond 2^31-1 ms; a key expiring later is re-checked at a later change.
        Math.min(2 ** 31 - 1, Math.max(0, expiresAt - Date.now())),
      );
      timer.unref();
      this.#timers.push(timer);
    }
    this.send({ type: 'ready', userId: auth.userId });
  }

  async #onMessage(text: string): Promise<void> {
    const parsed = ZWsClientMessage.safeParse(JSON.parse(text));
    if (!parsed.success) {
      this.send({ type: 'error', code: 'VALIDATION_FAILED', message: 'Unknown message' });
      return;
    }
    const msg = parsed.data;
    await this.#authenticating;
    if (msg.type === 'auth') {
      if (!this.auth) {
        this.#authenticating = this.#authenticate(msg.token);
        await this.#authenticating;
      }
      return;
    }
    if (!this.auth) {
      this.close(WS_CLOSE.unauthorized, 'authentication required');
      return;
    }
    switch (msg.type) {
      case 'subscribe': {
        if (await this.host.canWatch(this.auth, msg.workspaceId)) {
          this.workspaces.add(msg.workspaceId);
          this.send({ type: 'subscribed', workspaceId: msg.workspaceId });
        } else {
          this.send({ type: 'error', code: 'NOT_FOUND', message: 'Workspace not found' });
        }
        return;
      }
      case 'unsubscribe':
        this.workspaces.delete(msg.workspaceId);
        this.send({ type: 'unsubscribed', workspaceId: msg.workspaceId });
        return;
      case 'ping':
        this.send({ type: 'pong' });
        return;
      default: {
        const never: never = msg;
        return never;
      }
    }
  }

  /**
   * Called when the user's credentials or memberships changed (logout, revoked family or key, password change,
   * disabled account, removal from a workspace): the credential is authenticated again — the stream closes with
   * 4401 when it no longer is — and every subscription is re-checked.
   */
  async revalidate(): Promise<void> {
    const token = this.#token;
    if (this.auth === null || token === null) {
      return;
    }
    const auth = await this.host.authenticate(token);
    if (auth === null) {
      this.close(WS_CLOSE.unauthorized, 'credentials revoked');
      return;
    }
    await this.#recheckMemberships();
  }

  /** Removed members stop receiving a workspace's events (at once when told, else at the next heartbeat). */
  async #recheckMemberships(): Promise<void> {
    const auth = this.auth;
    if (!auth) {
      return;
    }
    for (const id of [...this.workspaces]) {
      if (!(await this.host.canWatch(auth, id))) {
        this.workspaces.delete(id);
        this.send({ type: 'unsubscribed', workspaceId: id });
      }
    }
  }
}
