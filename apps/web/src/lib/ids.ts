/** A random id for client-side objects (tabs, new rows). */
export function newId(prefix = ''): string {
  const rnd =
    globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  return `${prefix}${rnd}`;
}
