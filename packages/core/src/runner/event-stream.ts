/**
 * A tiny typed event stream: listeners are called synchronously in order (reporters keep up with the run), and
 * `[Symbol.asyncIterator]` buffers for consumers that prefer `for await` (e.g. a WebSocket pump).
 */
export class EventStream<E> {
  private readonly listeners = new Set<(event: E) => void>();
  private readonly waiters = new Set<{ queue: E[]; wake: (() => void) | undefined }>();
  private closed = false;

  on(listener: (event: E) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: E): void {
    for (const listener of this.listeners) {
      listener(event);
    }
    for (const w of this.waiters) {
      w.queue.push(event);
      w.wake?.();
    }
  }

  close(): void {
    this.closed = true;
    for (const w of this.waiters) {
      w.wake?.();
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<E> {
    const waiter: { queue: E[]; wake: (() => void) | undefined } = { queue: [], wake: undefined };
    this.waiters.add(waiter);
    try {
      while (true) {
        const next = waiter.queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (this.closed) {
          return;
        }
        await new Promise<void>((resolve) => {
          waiter.wake = resolve;
        });
        waiter.wake = undefined;
      }
    } finally {
      this.waiters.delete(waiter);
    }
  }
}
