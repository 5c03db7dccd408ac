/**
 * One value loaded on demand and kept for `ttlMs` (Infinity: until `invalidate`). Used for the instance settings,
 * read on every request: in embedded mode this process is the only writer, so it caches exactly; with a shared
 * PostgreSQL another instance may write, so it re-reads after a few seconds.
 */
export interface CachedValue<T> {
  get(): Promise<T>;
  invalidate(): void;
}

export function createCachedValue<T>(load: () => Promise<T>, ttlMs: number): CachedValue<T> {
  let current: { value: Promise<T>; at: number } | null = null;
  return {
    get() {
      const now = Date.now();
      if (current === null || now - current.at > ttlMs) {
        const value = load();
        const entry = { value, at: now };
        current = entry;
        // A failed load is not kept: the next call tries again.
        value.catch(() => {
          if (current === entry) {
            current = null;
          }
        });
      }
      return current.value;
    },
    invalidate() {
      current = null;
    },
  };
}
