import type { users } from '../db/schema';

type UserRow = typeof users.$inferSelect;

/**
 * In-process cache of user rows for the authenticated hot path (`GET /api/auth/me`).
 * - Embedded mode: this process is the only writer of `users` and every service that changes a row calls
 *   `invalidate`, so the cache is exact.
 * - Server mode: another instance may change a row, so the cache is used only while `enabled()` holds — while this
 *   instance is subscribed to the auth-change notices (`AuthChanges.live()`), which every service that changes a
 *   user row publishes after commit and which call `invalidate` here (`clear` when notices may have been missed).
 * A generation per user (and one for `clear`) guards the race where a read that started before a change finishes
 * after its invalidation: that read's row is not stored.
 */
export class UserCache {
  readonly #enabled: () => boolean;
  readonly #rows = new Map<string, { row: UserRow; at: number }>();
  readonly #maxAgeMs: number;
  readonly #generations = new Map<string, number>();
  readonly #max: number;
  #epoch = 0;

  /** `maxAgeMs`: server mode's backstop, so a change that forgot its notice shows within that time. */
  constructor(enabled: boolean | (() => boolean), max = 10_000, maxAgeMs = Number.POSITIVE_INFINITY) {
    this.#enabled = typeof enabled === 'function' ? enabled : () => enabled;
    this.#max = max;
    this.#maxAgeMs = maxAgeMs;
  }

  get(id: string): UserRow | undefined {
    const entry = this.#enabled() ? this.#rows.get(id) : undefined;
    return entry !== undefined && Date.now() - entry.at < this.#maxAgeMs ? entry.row : undefined;
  }

  /** Reads through the cache: `load` runs on a miss, and the row it finds is kept unless it changed meanwhile. */
  async resolve(id: string, load: () => Promise<UserRow | undefined>): Promise<UserRow | undefined> {
    const cached = this.get(id);
    if (cached !== undefined) {
      return cached;
    }
    const epoch = this.#epoch;
    const generation = this.#generations.get(id) ?? 0;
    const row = await load();
    if (
      row !== undefined &&
      this.#enabled() &&
      epoch === this.#epoch &&
      generation === (this.#generations.get(id) ?? 0)
    ) {
      if (this.#rows.size >= this.#max) {
        this.#rows.clear();
        this.#generations.clear();
        this.#epoch++;
      }
      this.#rows.set(row.id, { row, at: Date.now() });
    }
    return row;
  }

  invalidate(id: string): void {
    this.#rows.delete(id);
    this.#generations.set(id, (this.#generations.get(id) ?? 0) + 1);
  }

  /** Forget everything (notices may have been missed). */
  clear(): void {
    this.#rows.clear();
    this.#generations.clear();
    this.#epoch++;
  }
}
