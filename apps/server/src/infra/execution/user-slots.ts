/**
 * Per-user concurrency of executions with scripts, in this process (each instance has its own worker pool to
 * protect). `tryAcquire` answers at once (a direct Send gets 429 when full); `acquire` waits its turn (jobs).
 */
export class UserSlots {
  readonly #limit: number;
  readonly #active = new Map<string, number>();
  readonly #waiting = new Map<string, (() => void)[]>();

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  tryAcquire(userId: string): boolean {
    const active = this.#active.get(userId) ?? 0;
    if (active >= this.#limit || (this.#waiting.get(userId)?.length ?? 0) > 0) {
      return false;
    }
    this.#active.set(userId, active + 1);
    return true;
  }

  acquire(userId: string): Promise<void> {
    if (this.tryAcquire(userId)) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.#waiting.get(userId) ?? [];
      queue.push(resolve);
      this.#waiting.set(userId, queue);
    });
  }

  release(userId: string): void {
    const queue = this.#waiting.get(userId);
    const next = queue?.shift();
    if (next !== undefined) {
      // The slot passes straight to the next waiter.
      if (queue?.length === 0) {
        this.#waiting.delete(userId);
      }
      next();
      return;
    }
    const active = (this.#active.get(userId) ?? 1) - 1;
    if (active <= 0) {
      this.#active.delete(userId);
    } else {
      this.#active.set(userId, active);
    }
  }

  /** Executions with scripts the user has running now. */
  active(userId: string): number {
    return this.#active.get(userId) ?? 0;
  }
}
