import type { TVariable } from '@apiplay/core';

/** What scripts did to one variable scope: keys set to a new value, keys unset. */
export interface ScopeChanges {
  set: Map<string, string>;
  unset: Set<string>;
}

/** Values the engine saw: enabled rows only, a later duplicate key winning (as the engine loads them). */
function effective(variables: readonly TVariable[]): Map<string, string> {
  return new Map(variables.filter((v) => v.enabled !== false).map((v) => [v.key, v.value]));
}

/**
 * Compare a scope as loaded with the engine's final state; null when the scripts changed nothing (the common
 * case: nothing is written). Only touched keys are reported, so saving them never reverts a teammate's edit
 * of another variable made while the request ran.
 */
export function diffScope(before: readonly TVariable[], after: readonly TVariable[]): ScopeChanges | null {
  const was = effective(before);
  const now = effective(after);
  const changes: ScopeChanges = { set: new Map(), unset: new Set() };
  for (const [key, value] of now) {
    if (was.get(key) !== value) {
      changes.set.set(key, value);
    }
  }
  for (const key of was.keys()) {
    if (!now.has(key)) {
      changes.unset.add(key);
    }
  }
  return changes.set.size + changes.unset.size > 0 ? changes : null;
}

/**
 * Apply changes to stored rows: set keys update every enabled row of that key (keeping its secret flag; `seal`
 * encrypts a secret's new value), new keys are appended as plain variables, unset keys lose their enabled rows.
 * Disabled rows and the order are kept, as Postman does when it saves variables back.
 */
export function applyScopeChanges(
  stored: readonly TVariable[],
  changes: ScopeChanges,
  seal: (value: string) => string = (value) => value,
): TVariable[] {
  const out: TVariable[] = [];
  const written = new Set<string>();
  for (const v of stored) {
    const value = v.enabled === false ? undefined : changes.set.get(v.key);
    if (v.enabled !== false && changes.unset.has(v.key)) {
      continue;
    }
    if (value === undefined) {
      out.push(v);
      continue;
    }
    out.push({ ...v, value: v.secret ? seal(value) : value });
    written.add(v.key);
  }
  for (const [key, value] of changes.set) {
    if (!written.has(key)) {
      out.push({ key, value, enabled: true, secret: false });
    }
  }
  return out;
}
