/**
 * Embedded mode: remembers answers read from the database for as long as nothing was written since (`writes` is
 * `Database.writes`, PGlite only; this process is its only client, so a standing count means an unchanged
 * database). Without `writes` (PostgreSQL: other instances write too) every call loads.
 * The count is taken before the load, so a write that overlaps the load makes the next call load again.
 */
export function createUnchangedMemo<T>(writes: (() => number) | undefined, max = 10_000) {
  const entries = new Map<string, { value: T; at: number }>();
  return {
    async get(key: string, load: () => Promise<T>): Promise<T> {
      if (writes === undefined) {
        return load();
      }
      const now = writes();
      const hit = entries.get(key);
      if (hit !== undefined && hit.at === now) {
        return hit.value;
      }
      const value = await load();
      if (entries.size >= max) {
        entries.clear();
      }
      entries.set(key, { value, at: now });
      return value;
    },
  };
}
export type UnchangedMemo<T> = ReturnType<typeof createUnchangedMemo<T>>;
