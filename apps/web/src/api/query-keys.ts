/** Query keys in one place so WebSocket events can invalidate precisely. */
export const qk = {
  me: ['me'] as const,
  workspaces: ['workspaces'] as const,
  workspace: (id: string) => ['workspace', id] as const,
  preferences: (wid: string) => ['preferences', wid] as const,
  collections: (wid: string) => ['collections', wid] as const,
  collection: (cid: string) => ['collection', cid] as const,
  environments: (wid: string) => ['environments', wid] as const,
  environment: (eid: string, reveal = false) => ['environment', eid, reveal] as const,
  history: (wid: string) => ['history', wid] as const,
  members: (wid: string) => ['members', wid] as const,
  invitations: (wid: string) => ['invitations', wid] as const,
  apiKeys: ['apiKeys'] as const,
  codegenTargets: ['codegenTargets'] as const,
  run: (id: string) => ['run', id] as const,
};
