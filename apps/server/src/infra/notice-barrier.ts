/**
 * Whether this instance has applied every auth-change notice committed before a given moment. The server-mode
 * auth caches (`verified-tokens.ts`, `user-cache.ts`) answer from memory only once that holds for the moment the
 * request was authenticated: take a `ticket()` then, and trust a cached entry after `settle(ticket)` said true.
 */
export interface NoticeFreshness {
  /** True while this instance is sure to receive every notice (caches may be filled). */
  live(): boolean;
  /** Marks now. */
  ticket(): number;
  /** True when every notice committed before `ticket` was taken has been applied here, and still live. */
  settled(ticket: number): boolean;
  /** Resolves with `settled(ticket)` once this instance caught up; false when not live or the check failed. */
  settle(ticket: number): Promise<boolean>;
}

/** Embedded mode: this process is the only writer, every change is applied before its request answers. */
export const ALWAYS_FRESH: NoticeFreshness = {
  live: () => true,
  ticket: () => 0,
  settled: () => true,
  settle: async () => true,
};

interface Waiter {
  ticket: number;
  wake: (ok: boolean) => void;
}

/** How long a round trip may take (`RoundTripBarrier`). */
export interface BarrierLimits {
  /** Waiters give up (false: read the source of truth instead) once the round trip in flight is this late. */
  patienceMs: number;
  /** A round trip this late fails: the channel is presumed dead (`onFailure` replaces it). */
  deadMs: number;
}

/**
 * A coalesced freshness barrier over an ordered channel: `roundTrip` resolves only after every notice that was on
 * its way to this process when the round trip was SENT has been applied (PostgreSQL: `SELECT 1` on the listening
 * connection; Redis: `PING` on the subscriber connection). A ticket names the first round trip sent after it was
 * taken; every waiter that arrives while a round trip is in flight shares the NEXT one (the one in flight may
 * predate it), so under load this costs one round trip per batch of requests, not one per request. Round trips
 * run one at a time. A stalled channel costs one `patienceMs` wait: while its round trip is overdue, waiters get
 * false at once.
 */
export class RoundTripBarrier {
  readonly #roundTrip: () => Promise<unknown>;
  readonly #limits: BarrierLimits;
  readonly #onFailure: (error: Error) => void;
  /** Round trips sent / completed, numbered from 1 (they complete in order: one at a time). */
  #sent = 0;
  #done = 0;
  #inFlight = false;
  /** The round trip in flight is later than `patienceMs`. */
  #stalled = false;
  /** Bumped by `fail`: a round trip from before a failure counts for nothing. */
  #generation = 0;
  #waiters: Waiter[] = [];

  constructor(
    roundTrip: () => Promise<unknown>,
    limits: BarrierLimits,
    onFailure: (error: Error) => void = () => undefined,
  ) {
    this.#roundTrip = roundTrip;
    this.#limits = limits;
    this.#onFailure = onFailure;
  }

  /** The number of the first round trip that will be sent from now on. */
  ticket(): number {
    return this.#sent + 1;
  }

  passed(ticket: number): boolean {
    return this.#done >= ticket;
  }

  /**
   * True once a round trip numbered ≥ `ticket` has completed; false if the channel failed first or is stalled
   * (the caller then reads the source of truth).
   */
  wait(ticket: number): Promise<boolean> {
    if (this.#done >= ticket) {
      return Promise.resolve(true);
    }
    if (this.#stalled) {
      return Promise.resolve(false);
    }
    const waited = new Promise<boolean>((wake) => {
      this.#waiters.push({ ticket, wake });
    });
    if (!this.#inFlight) {
      this.#send();
    }
    return waited;
  }

  /** The channel is gone: every waiter gets false at once, and the round trip in flight (if any) is disowned. */
  fail(): void {
    this.#generation++;
    this.#inFlight = false;
    this.#stalled = false;
    this.#release();
  }

  #release(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) {
      w.wake(false);
    }
  }

  #send(): void {
    const seq = ++this.#sent;
    const generation = this.#generation;
    this.#inFlight = true;
    const patience = setTimeout(() => {
      if (generation === this.#generation) {
        this.#stalled = true;
        this.#release();
      }
    }, this.#limits.patienceMs);
    let dead: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      dead = setTimeout(
        () => reject(new Error(`no answer within ${this.#limits.deadMs} ms`)),
        this.#limits.deadMs,
      );
    });
    patience.unref();
    dead?.unref();
    Promise.race([this.#roundTrip(), deadline]).then(
      () => {
        clearTimeout(patience);
        clearTimeout(dead);
        if (generation !== this.#generation) {
          return;
        }
        this.#inFlight = false;
        this.#stalled = false;
        this.#done = seq;
        const still: Waiter[] = [];
        for (const w of this.#waiters) {
          if (w.ticket <= seq) {
            w.wake(true);
          } else {
            still.push(w);
          }
        }
        this.#waiters = still;
        if (still.length > 0) {
          this.#send();
        }
      },
      (error: unknown) => {
        clearTimeout(patience);
        clearTimeout(dead);
        if (generation !== this.#generation) {
          return;
        }
        this.fail();
        this.#onFailure(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }
}
