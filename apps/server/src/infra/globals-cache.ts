import type { TVariable } from '@apiplay/core';
import type { EventBus } from './event-bus';

/** Safety net on top of event-driven invalidation (an event lost in transit heals within this time). */
const TTL_MS = 10_000;

/**
 * Decrypted workspace globals kept per process so an execution does not read them on every send. Any change on
 * any instance publishes `environment.updated` for the workspace, which drops the entry everywhere. `load` reads
 * and decrypts a workspace's globals (the composition root passes the service that does it).
 */
export function createGlobalsCache(load: (workspaceId: string) => Promise<TVariable[]>, events: EventBus) {
  const entries = new Map<string, { at: number; variables: TVariable[] }>();
  const unsubscribe = events.subscribe((event) => {
    if (event.type === 'environment.updated' || event.type === 'environment.deleted') {
      entries.delete(event.workspaceId);
    }
  });
  return {
    async get(workspaceId: string): Promise<TVariable[]> {
      const hit = entries.get(workspaceId);
      if (hit && Date.now() - hit.at < TTL_MS) {
        return hit.variables;
      }
      const variables = await load(workspaceId);
      entries.set(workspaceId, { at: Date.now(), variables });
      if (entries.size > 10_000) {
        entries.clear();
      }
      return variables;
    },
    invalidate(workspaceId: string): void {
      entries.delete(workspaceId);
    },
    close: unsubscribe,
  };
}
export type GlobalsCache = ReturnType<typeof createGlobalsCache>;
