/** A named readiness probe; throws (or rejects) when the dependency is not usable. */
export type ReadinessCheck = () => Promise<void>;

/** What `/readyz` answers: each component by name with `ok` only; the error text goes to the log. */
export interface ReadinessReport {
  status: 'ready' | 'unavailable';
  checks: Record<string, { ok: boolean }>;
  /** Names of the components that failed (empty when ready). */
  failed: string[];
}

/**
 * The public shape of a readiness run: component names and `ok`, never the raw error (it may carry hostnames,
 * addresses or driver messages); each failure is logged with its error.
 */
export function presentReadiness(
  result: Awaited<ReturnType<Readiness['run']>>,
  log: { warn(obj: object, msg: string): void },
): ReadinessReport {
  const checks: Record<string, { ok: boolean }> = {};
  const failed: string[] = [];
  for (const [name, check] of Object.entries(result.checks)) {
    checks[name] = { ok: check.ok };
    if (!check.ok) {
      failed.push(name);
      log.warn({ component: name, error: check.error }, 'readiness check failed');
    }
  }
  return { status: result.ok ? 'ready' : 'unavailable', checks, failed };
}

/**
 * Registry behind `/readyz`. buildApp registers `database`, `redis`, `queue` and `storage`
 * (`plugins/readiness-checks.ts`); other areas may add theirs with `app.readiness.register(name, check)`.
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
