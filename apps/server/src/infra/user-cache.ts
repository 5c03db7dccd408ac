import type { users } from '../db/schema';
import type { NoticeFreshness } from './notice-barrier';

type UserRow = typeof users.$inferSelect;

/**
 * In-process cache of user rows for the authenticated hot path (`GET /api/auth/me`).
 * - Embedded mode (`true`): this process is the only writer of `users` and every service that changes a row calls
 *   `invalidate`, so the cache is exact.
 * - Server mode (a `NoticeFreshness`, i.e. `AuthChanges`): another instance may change a row. Every service that
 *   changes a user row publishes an auth-change notice after commit, which calls `invalidate` here (`clear` when
 *   notices may have been missed); the cache is filled only while notices arrive (`live()`), and a cached row
 *   answers only once every notice committed before the request was authenticated has been applied (`settle`).
 * A generation per user (and one for `clear`) guards the race where a read that started before a change finishes
 * after its invalidation: that read's row is not stored.
 */
export class UserCache {
  readonly #freshness: NoticeFreshness | null;
  readonly #rows = new Map<string, { row: UserRow; at: number }>();
  readonly #maxAgeMs: number;
  readonly #generations = new Map<string, number>();
  readonly #max: number;
  #epoch = 0;

  /** `maxAgeMs`: server mode's backstop, so a change that forgot its notice shows within that time. */
  constructor(freshness: true | NoticeFreshness, max = 10_000, maxAgeMs = Number.POSITIVE_INFINITY) {
    this.#freshness = freshness === true ? null : freshness;
    this.#max = max;
    this.#maxAgeMs = maxAgeMs;
  }

  /** The cached row, fresh or not (tests). */
  peek(id: string): UserRow | undefined {
    const entry = this.#rows.get(id);
    return entry !== undefined && Date.now() - entry.at < this.#maxAgeMs ? entry.row : undefined;
  }

  /**
   * Reads through the cache: `load` runs on a miss, and the row it finds is kept unless it changed meanwhile.
   * `ticket`: `NoticeFreshness.ticket()` taken when the request was authenticated (default: now).
   */
  async resolve(
    id: string,
    load: () => Promise<UserRow | undefined>,
    ticket = this.#freshness?.ticket() ?? 0,
  ): Promise<UserRow | undefined> {
    const freshness = this.#freshness;
    if (this.peek(id) !== undefined) {
      if (freshness === null || freshness.settled(ticket) || (await freshness.settle(ticket))) {
        const cached = this.peek(id);
        if (cached !== undefined) {
          return cached;
        }
      }
    }
    const epoch = this.#epoch;
    const generation = this.#generations.get(id) ?? 0;
    const row = await load();
    if (
      row !== undefined &&
      (freshness === null || freshness.live()) &&
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
