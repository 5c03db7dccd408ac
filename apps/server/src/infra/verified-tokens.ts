import type { NoticeFreshness } from './notice-barrier';

/**
 * Server mode: access tokens (by `jti`) this instance found not revoked, so `GET /api/auth/me` and every other
 * JWT-authenticated request skip the blacklist round-trip (PostgreSQL or Redis) while nothing changed for the user.
 * Sound because every revocation (logout, refresh re-use, password change, disabled account) blacklists first and
 * then publishes an auth-change notice for the user, which drops that user's entries here on every instance; the
 * cache is filled only while this instance is subscribed (`AuthChanges.live()`), cleared when notices may have
 * been missed, and a cached verdict answers only once every notice committed before the request was
 * authenticated has been applied (`NoticeFreshness.settle`). Entries also expire after `maxAgeMs`, a backstop that
 * bounds any unforeseen miss. Embedded mode does not need it (its blacklist is in memory): `null` turns it off.
 */
export class VerifiedTokens {
  readonly #freshness: NoticeFreshness | null;
  readonly #maxAgeMs: number;
  readonly #max: number;
  readonly #byUser = new Map<string, Map<string, number>>();
  readonly #generations = new Map<string, number>();
  #size = 0;
  #epoch = 0;

  constructor(freshness: NoticeFreshness | null, maxAgeMs = 30_000, max = 50_000) {
    this.#freshness = freshness;
    this.#maxAgeMs = maxAgeMs;
    this.#max = max;
  }

  #cached(userId: string, jti: string): boolean {
    const at = this.#byUser.get(userId)?.get(jti);
    return at !== undefined && Date.now() - at < this.#maxAgeMs;
  }

  /**
   * True when the token is revoked. `ticket`: `NoticeFreshness.ticket()` taken when the request was authenticated
   * (default: now); a cached "not revoked" answers once every notice committed before it has been applied.
   */
  async revoked(
    userId: string,
    jti: string,
    check: () => Promise<boolean>,
    ticket = this.#freshness?.ticket() ?? 0,
  ): Promise<boolean> {
    const freshness = this.#freshness;
    if (freshness === null) {
      return check();
    }
    if (
      this.#cached(userId, jti) &&
      (freshness.settled(ticket) || (await freshness.settle(ticket))) &&
      this.#cached(userId, jti)
    ) {
      return false;
    }
    const epoch = this.#epoch;
    const generation = this.#generations.get(userId) ?? 0;
    const revoked = await check();
    if (
      !revoked &&
      freshness.live() &&
      epoch === this.#epoch &&
      generation === (this.#generations.get(userId) ?? 0)
    ) {
      this.#store(userId, jti);
    }
    return revoked;
  }

  #store(userId: string, jti: string): void {
    if (this.#size >= this.#max) {
      this.clear();
    }
    let tokens = this.#byUser.get(userId);
    if (tokens === undefined) {
      tokens = new Map();
      this.#byUser.set(userId, tokens);
    }
    if (!tokens.has(jti)) {
      this.#size++;
    }
    tokens.set(jti, Date.now());
  }

  /** How many tokens are cached (tests, metrics). */
  get size(): number {
    return this.#size;
  }

  /** Forget the user's tokens (an auth-change notice for them). */
  invalidate(userId: string): void {
    this.#size -= this.#byUser.get(userId)?.size ?? 0;
    this.#byUser.delete(userId);
    this.#generations.set(userId, (this.#generations.get(userId) ?? 0) + 1);
  }

  /** Forget everything (notices may have been missed). */
  clear(): void {
    this.#byUser.clear();
    this.#generations.clear();
    this.#size = 0;
    this.#epoch++;
  }
}
