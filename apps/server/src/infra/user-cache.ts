import type { users } from '../db/schema';

type UserRow = typeof users.$inferSelect;

/**
 * In-process cache of user rows for the authenticated hot path (`GET /api/auth/me`).
 * Enabled only in embedded mode: there this process is the only writer of `users`, and every service that
 * changes a user row calls `invalidate`, so the cache is exact. With a shared PostgreSQL another instance could
 * change the row, so the cache is disabled (every read goes to the database).
 */
export class UserCache {
  readonly #enabled: boolean;
  readonly #rows = new Map<string, UserRow>();
  readonly #max: number;

  constructor(enabled: boolean, max = 10_000) {
    this.#enabled = enabled;
    this.#max = max;
  }

  get(id: string): UserRow | undefined {
    return this.#enabled ? this.#rows.get(id) : undefined;
  }

  set(row: UserRow): void {
    if (!this.#enabled) {
      return;
    }
    if (this.#rows.size >= this.#max) {
      this.#rows.clear();
    }
    this.#rows.set(row.id, row);
  }

  invalidate(id: string): void {
    this.#rows.delete(id);
  }
}
