import type { z } from 'zod';
import { AppError } from '../errors';

/** One upgrade step: a document of version `from` becomes version `from + 1`. */
export interface UpgradeStep {
  from: number;
  up: (doc: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * A saved format with a current version and the steps that bring older documents up to it.
 * Documents without `v` are treated as version 0.
 */
export function versioned<S extends z.ZodTypeAny>(
  name: string,
  current: S,
  latest: number,
  steps: UpgradeStep[],
) {
  return {
    latest,
    schema: current,
    /** Upgrade then validate; throws AppError VALIDATION_FAILED naming the path on bad input. */
    parse(input: unknown): z.infer<S> {
      const result = this.safeParse(input);
      if (!result.ok) {
        throw result.error;
      }
      return result.value;
    },
    safeParse(input: unknown): { ok: true; value: z.infer<S> } | { ok: false; error: AppError } {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        return { ok: false, error: new AppError('VALIDATION_FAILED', `${name}: expected an object`) };
      }
      let doc = input as Record<string, unknown>;
      let v = typeof doc.v === 'number' ? doc.v : 0;
      if (v > latest) {
        return {
          ok: false,
          error: new AppError(
            'VALIDATION_FAILED',
            `${name}: version ${v} is newer than this build (${latest})`,
          ),
        };
      }
      while (v < latest) {
        const step = steps.find((s) => s.from === v);
        if (!step) {
          return {
            ok: false,
            error: new AppError('VALIDATION_FAILED', `${name}: no upgrade from version ${v}`),
          };
        }
        doc = { ...step.up(doc), v: v + 1 };
        v += 1;
      }
      const parsed = current.safeParse(doc);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? issue.path.join('.') : '(root)';
        return {
          ok: false,
          error: new AppError('VALIDATION_FAILED', `${name}: ${where}: ${issue?.message ?? 'invalid'}`, {
            issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          }),
        };
      }
      return { ok: true, value: parsed.data };
    },
  };
}
