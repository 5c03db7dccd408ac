import { MASKED_SECRET, type TVariable } from '@apiplay/core';
import type { SecretBox } from '../../infra/secrets';

/**
 * Prepare variables for storage: secret values are encrypted; a secret sent back masked keeps the value stored
 * under the same key (clients round-trip what they were shown).
 */
export function sealVariables(
  box: SecretBox,
  incoming: readonly TVariable[],
  stored: readonly TVariable[],
): TVariable[] {
  const previous = new Map(stored.filter((v) => v.secret).map((v) => [v.key, v.value]));
  return incoming.map((v) => {
    if (!v.secret) {
      return v;
    }
    const kept = previous.get(v.key);
    if (v.value === MASKED_SECRET && kept !== undefined) {
      return { ...v, value: kept };
    }
    return { ...v, value: box.encrypt(v.value) };
  });
}

/** Stored variables for a response: secrets masked, or decrypted when revealed. */
export function presentVariables(box: SecretBox, stored: readonly TVariable[], reveal: boolean): TVariable[] {
  return stored.map((v) => {
    if (!v.secret) {
      return v;
    }
    return { ...v, value: reveal ? openValue(box, v.value) : MASKED_SECRET };
  });
}

/** Decrypted variables for execution (never returned to clients as such). */
export function openVariables(box: SecretBox, stored: readonly TVariable[]): TVariable[] {
  return stored.map((v) => (v.secret ? { ...v, value: openValue(box, v.value) } : v));
}

function openValue(box: SecretBox, value: string): string {
  return box.isSealed(value) ? box.decrypt(value) : value;
}
