import type { TWorkspaceRole } from '@apiplay/core';

/**
 * In-process cache of workspace roles for the access hook, which otherwise runs one membership query per
 * workspace-scoped request (≈1 ms of PGlite CPU, the largest single cost of `POST /api/execute`).
 * Enabled only in embedded mode, where this process is the only writer of `workspace_members`; every service that
 * changes or removes a membership calls `invalidate`, so the cache is exact. Only memberships are cached, never
 * "not a member" (a new member needs no invalidation). A per-workspace generation guards the race where a lookup
 * that started before a change finishes after its invalidation: that lookup's result is not stored.
 */
export class MembershipCache {
  readonly #enabled: boolean;
  readonly #roles = new Map<string, Map<string, TWorkspaceRole>>();
  readonly #generations = new Map<string, number>();
  readonly #maxWorkspaces: number;

  constructor(enabled: boolean, maxWorkspaces = 10_000) {
    this.#enabled = enabled;
    this.#maxWorkspaces = maxWorkspaces;
  }

  /** The cached role, or undefined when it must be read from the database. */
  get(workspaceId: string, userId: string): TWorkspaceRole | undefined {
    return this.#enabled ? this.#roles.get(workspaceId)?.get(userId) : undefined;
  }

  /** Reads through the cache: `load` runs on a miss, and a membership it finds is kept. */
  async resolve(
    workspaceId: string,
    userId: string,
    load: () => Promise<TWorkspaceRole | null>,
  ): Promise<TWorkspaceRole | null> {
    const cached = this.get(workspaceId, userId);
    if (cached !== undefined) {
      return cached;
    }
    const generation = this.#generations.get(workspaceId) ?? 0;
    const role = await load();
    if (role !== null && this.#enabled && (this.#generations.get(workspaceId) ?? 0) === generation) {
      this.#store(workspaceId, userId, role);
    }
    return role;
  }

  /** Forget every cached role in the workspace (after a role change, a removal or deleting the workspace). */
  invalidate(workspaceId: string): void {
    this.#roles.delete(workspaceId);
    this.#generations.set(workspaceId, (this.#generations.get(workspaceId) ?? 0) + 1);
  }

  #store(workspaceId: string, userId: string, role: TWorkspaceRole): void {
    let members = this.#roles.get(workspaceId);
    if (members === undefined) {
      if (this.#roles.size >= this.#maxWorkspaces) {
        this.#roles.clear();
      }
      members = new Map();
      this.#roles.set(workspaceId, members);
    }
    members.set(userId, role);
  }
}
