import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { WS_CLOSE, WsConnection, type WsHost } from './connection';
import { WriteBatcher } from './write-batcher';

/** A socket stand-in whose send buffer never drains: what a stalled client looks like to the server. */
class StalledSocket extends EventEmitter {
  readonly OPEN = 1;
  readonly CONNECTING = 0;
  readyState = 1;
  bufferedAmount = 0;
  sent: string[] = [];
  closedWith: number | null = null;
  send(frame: string | Buffer) {
    this.sent.push(String(frame));
    this.bufferedAmount += frame.length;
  }
  close(code: number) {
    this.closedWith = code;
    this.readyState = 3;
  }
  ping() {}
  terminate() {}
}

describe('WsConnection backpressure', () => {
  it('drops a consumer whose buffer passes the cap instead of buffering without bound', async () => {
    const socket = new StalledSocket();
    const host: WsHost = {
      authenticate: async () => ({ userId: 'u', via: 'jwt' }),
      canWatch: async () => true,
      limits: { maxBufferedBytes: 10_000, heartbeatMs: 60_000, authTimeoutMs: 60_000, batchWindowMs: 5 },
      batcher: new WriteBatcher(5),
      onClose: () => undefined,
    };
    const wire = { cork() {}, uncork() {} };
    const conn = new WsConnection(socket as unknown as WebSocket, host, wire);
    await conn.start('token');
    const event = Buffer.from(JSON.stringify({ type: 'event', payload: 'x'.repeat(1000) }));
    for (let i = 0; i < 100; i += 1) {
      conn.send(event);
    }
    expect(socket.closedWith).toBe(WS_CLOSE.slowConsumer);
    expect(socket.bufferedAmount).toBeLessThan(10_000 + event.length + 100);
    expect(socket.sent.length).toBeLessThan(15);
  });
});
