/** A named readiness probe; throws (or rejects) when the dependency is not usable. */
export type ReadinessCheck = () => Promise<void>;

/**
 * Registry behind `/readyz`. The database check is registered by buildApp; other areas add theirs
 * (`app.readiness.register('redis', …)`, `'queue'`, `'storage'`).
 */
export class Readiness {
  readonly #checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.#checks.set(name, check);
  }

  /** Runs every check concurrently, each bounded by `timeoutMs`. */
  async run(
    timeoutMs = 2000,
  ): Promise<{ ok: boolean; checks: Record<string, { ok: boolean; error?: string }> }> {
    const entries = [...this.#checks.entries()];
    const results = await Promise.all(
      entries.map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            check(),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
            }),
          ]);
          return [name, { ok: true }] as const;
        } catch (e) {
          return [name, { ok: false, error: e instanceof Error ? e.message : String(e) }] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const checks = Object.fromEntries(results);
    return { ok: results.every(([, r]) => r.ok), checks };
  }
}
