import type { CachedToken, TokenCache } from '../http/types';

/**
 * OAuth 2 tokens of one run, keyed by token URL + client + scope + grant. Promises are stored so concurrent
 * requests (`--parallel`) share one token fetch.
 */
export class AuthCache implements TokenCache {
  private readonly tokens = new Map<string, Promise<CachedToken>>();
  /** Token requests actually sent (for reports and tests). */
  fetches = 0;

  get(key: string): Promise<CachedToken> | undefined {
    return this.tokens.get(key);
  }

  set(key: string, token: Promise<CachedToken>): void {
    this.tokens.set(key, token);
  }

  delete(key: string): void {
    this.tokens.delete(key);
  }

  clear(): void {
    this.tokens.clear();
  }
}

/** A fresh token cache, one per run. */
export function createAuthCache(): AuthCache {
  return new AuthCache();
}
