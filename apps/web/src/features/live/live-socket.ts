import { refreshSession } from '../../api/auth';
import { wsUrl } from '../../config';
import { useAuthStore } from '../../stores/auth-store';

export type LiveMessage = Record<string, unknown> & { type: string };
type Listener = (msg: LiveMessage) => void;

/**
 * One WebSocket per tab: authenticates with the access token in the first message (never in the URL, which
 * ends up in logs), subscribes to workspaces and runs, and reconnects with backoff.
 */
class LiveSocket {
  private ws: WebSocket | null = null;
  private listeners = new Set<Listener>();
  private subs = new Set<string>();
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private wanted = false;
  /** The server processes nothing but `auth` until it answers `ready`. */
  private ready = false;

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    this.ensure();
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Subscribe to a topic such as `workspace:ID` or `run:ID`. */
  subscribe(topic: string): () => void {
    this.subs.add(topic);
    this.ensure();
    this.sendSub(topic);
    return () => {
      this.subs.delete(topic);
      const fields = topicFields(topic);
      if (fields && ![...this.subs].includes(topic)) {
        this.send({ type: 'unsubscribe', ...fields });
      }
    };
  }

  private sendSub(topic: string) {
    // Only workspaces are subscribable; run progress arrives as workspace events.
    const fields = topicFields(topic);
    if (fields) {
      this.send({ type: 'subscribe', ...fields });
    }
  }

  private send(msg: unknown) {
    if (this.ws?.readyState === WebSocket.OPEN && this.ready) {
      this.ws.send(JSON.stringify(msg));
    }
  }

  private ensure() {
    this.wanted = true;
    if (this.ws || this.timer) {
      return;
    }
    const token = useAuthStore.getState().tokens?.accessToken;
    if (!token) {
      return;
    }
    const ws = new WebSocket(wsUrl());
    this.ws = ws;
    this.ready = false;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'auth', token }));
    };
    ws.onmessage = (ev) => {
      let msg: unknown;
      try {
        msg = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === 'ready') {
        this.ready = true;
        this.retry = 0;
        for (const topic of this.subs) {
          this.sendSub(topic);
        }
        return;
      }
      if (typeof msg === 'object' && msg !== null && typeof (msg as { type?: unknown }).type === 'string') {
        for (const l of this.listeners) {
          l(msg as LiveMessage);
        }
      }
    };
    ws.onclose = (ev) => {
      this.ws = null;
      this.ready = false;
      if (!this.wanted) {
        return;
      }
      if (ev.code === 4401) {
        // The access token expired (the server closes the socket then): refresh before reconnecting.
        void refreshSession();
      }
      const delay = Math.min(10_000, 500 * 2 ** this.retry++);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.ensure();
      }, delay);
    };
  }

  close() {
    this.wanted = false;
    this.ws?.close();
    this.ws = null;
  }
}

function topicFields(topic: string): { workspaceId: string } | null {
  const [kind, id = ''] = topic.split(':');
  return kind === 'workspace' && id ? { workspaceId: id } : null;
}

export const liveSocket = new LiveSocket();

useAuthStore.subscribe((s, prev) => {
  if (!s.tokens && prev.tokens) {
    liveSocket.close();
  }
});
