import type { TEnvironment, TItem, TRequest } from '@apiplay/core';
import {
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from './instance';
import { qk } from './query-keys';
import {
  type ApiKey,
  type CodegenTarget,
  type CollectionSummary,
  type CollectionTree,
  type EnvironmentDoc,
  type HistoryEntry,
  type Invitation,
  type Member,
  type Role,
  toPage,
  unwrap,
  type Workspace,
} from './types';

export function useWorkspaces(enabled = true) {
  return useQuery({
    queryKey: qk.workspaces,
    queryFn: async () => toPage<Workspace>(await api.get('/api/workspaces'), 'workspaces').items,
    enabled,
  });
}

export function useCreateWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (name: string) =>
      unwrap<Workspace>(await api.post('/api/workspaces', { name }), 'workspace'),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.workspaces }),
  });
}

export function useCollections(wid: string | undefined) {
  return useQuery({
    queryKey: qk.collections(wid ?? ''),
    queryFn: async () =>
      toPage<CollectionSummary>(
        await api.get(`/api/workspaces/${wid}/collections`, { query: { limit: 100 } }),
        'collections',
      ).items,
    enabled: Boolean(wid),
  });
}

export function useCollectionTree(cid: string | undefined, enabled = true) {
  return useQuery({
    queryKey: qk.collection(cid ?? ''),
    queryFn: async () => unwrap<CollectionTree>(await api.get(`/api/collections/${cid}`), 'collection'),
    enabled: Boolean(cid) && enabled,
  });
}

/** Invalidate everything that shows a collection's content. */
export function invalidateCollection(qc: QueryClient, wid: string, cid?: string) {
  void qc.invalidateQueries({ queryKey: qk.collections(wid) });
  if (cid) {
    void qc.invalidateQueries({ queryKey: qk.collection(cid) });
  } else {
    void qc.invalidateQueries({ queryKey: ['collection'] });
  }
}

export function useCreateCollection(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (name: string) =>
      unwrap<CollectionSummary>(await api.post(`/api/workspaces/${wid}/collections`, { name }), 'collection'),
    onSuccess: () => invalidateCollection(qc, wid),
  });
}

export interface CollectionMutations {
  wid: string;
  cid: string;
}

export function useTreeMutations({ wid, cid }: CollectionMutations) {
  const qc = useQueryClient();
  const done = () => invalidateCollection(qc, wid, cid);
  return {
    createItem: useMutation({
      mutationFn: async (input: {
        parentId: string | null;
        item: Partial<TItem> & { type: 'folder' | 'request' };
      }) =>
        unwrap<TItem>(
          await api.post(`/api/collections/${cid}/items`, { parentId: input.parentId, ...input.item }),
          'item',
        ),
      onSuccess: done,
    }),
    patchItem: useMutation({
      mutationFn: async (input: { id: string; patch: Record<string, unknown> }) =>
        unwrap<TItem>(await api.patch(`/api/items/${input.id}`, input.patch), 'item'),
      onSuccess: done,
    }),
    deleteItem: useMutation({
      mutationFn: (id: string) => api.del(`/api/items/${id}`),
      onSuccess: done,
    }),
    moveItem: useMutation({
      mutationFn: (input: { id: string; parentId: string | null; position: number }) =>
        api.post(`/api/items/${input.id}/move`, { parentId: input.parentId, position: input.position }),
      onSettled: done,
    }),
    duplicate: useMutation({
      mutationFn: (id: string) => api.post(`/api/requests/${id}/duplicate`),
      onSuccess: done,
    }),
    renameCollection: useMutation({
      mutationFn: (name: string) => api.patch(`/api/collections/${cid}`, { name }),
      onSuccess: done,
    }),
    deleteCollection: useMutation({
      mutationFn: () => api.del(`/api/collections/${cid}`),
      onSuccess: done,
    }),
  };
}

/** Save a request item (PATCH) — request fields without the version tag. */
export async function saveRequestItem(id: string, request: TRequest): Promise<void> {
  const { v: _v, id: _id, ...fields } = request;
  await api.patch(`/api/items/${id}`, fields);
}

export function useEnvironments(wid: string | undefined) {
  return useQuery({
    queryKey: qk.environments(wid ?? ''),
    queryFn: async () => {
      const list = toPage<EnvironmentDoc>(
        await api.get(`/api/workspaces/${wid}/environments`),
        'environments',
      ).items;
      const envs = list.map((e) => ({ ...e, isGlobals: e.kind === 'globals' }));
      if (!envs.some((e) => e.isGlobals)) {
        // Globals live at their own endpoint; show them as the first entry.
        try {
          const g = unwrap<EnvironmentDoc>(
            await api.get(`/api/workspaces/${wid}/globals`, { silent: true }),
            'environment',
          );
          envs.unshift({ ...g, isGlobals: true });
        } catch {
          // no globals endpoint yet
        }
      }
      return envs;
    },
    enabled: Boolean(wid),
  });
}

/** Globals of a workspace (masked unless revealed). */
export function useGlobals(wid: string, reveal = false, enabled = true) {
  return useQuery({
    queryKey: ['globals', wid, reveal],
    queryFn: async () => ({
      ...unwrap<EnvironmentDoc>(
        await api.get(`/api/workspaces/${wid}/globals`, { query: reveal ? { reveal: 1 } : undefined }),
        'environment',
      ),
      isGlobals: true,
    }),
    enabled: Boolean(wid) && enabled,
  });
}

export function useEnvironment(eid: string | null | undefined, reveal = false) {
  return useQuery({
    queryKey: qk.environment(eid ?? '', reveal),
    queryFn: async () =>
      unwrap<EnvironmentDoc>(
        await api.get(`/api/environments/${eid}`, { query: reveal ? { reveal: 1 } : undefined }),
        'environment',
      ),
    enabled: Boolean(eid),
  });
}

export function useEnvironmentMutations(wid: string) {
  const qc = useQueryClient();
  const done = () => {
    void qc.invalidateQueries({ queryKey: qk.environments(wid) });
    void qc.invalidateQueries({ queryKey: ['environment'] });
  };
  return {
    create: useMutation({
      mutationFn: async (input: { name: string; isGlobals?: boolean }) =>
        unwrap<EnvironmentDoc>(
          await api.post(`/api/workspaces/${wid}/environments`, { ...input, variables: [] }),
          'environment',
        ),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: (input: { id: string; patch: Partial<TEnvironment> }) =>
        api.patch(`/api/environments/${input.id}`, input.patch),
      onSuccess: done,
    }),
    putGlobals: useMutation({
      mutationFn: (variables: TEnvironment['variables']) =>
        api.request(`/api/workspaces/${wid}/globals`, { method: 'PUT', body: { variables } }),
      onSuccess: () => {
        done();
        void qc.invalidateQueries({ queryKey: ['globals', wid] });
      },
    }),
    remove: useMutation({
      mutationFn: (id: string) => api.del(`/api/environments/${id}`),
      onSuccess: done,
    }),
  };
}

export function useHistory(wid: string | undefined, q: string, method = '', status = '') {
  return useInfiniteQuery({
    queryKey: [...qk.history(wid ?? ''), q, method, status],
    queryFn: async ({ pageParam }) =>
      toPage<HistoryEntry>(
        await api.get(`/api/workspaces/${wid}/history`, {
          query: { cursor: pageParam ?? undefined, limit: 100, q, method, status },
        }),
        'entries',
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: Boolean(wid),
  });
}

export function useMembers(wid: string) {
  return useQuery({
    queryKey: qk.members(wid),
    queryFn: async () => toPage<Member>(await api.get(`/api/workspaces/${wid}/members`), 'members').items,
  });
}

export function useMemberMutations(wid: string) {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: qk.members(wid) });
  return {
    invite: useMutation({
      mutationFn: async (input: { email: string; role: Role }) =>
        unwrap<Invitation>(await api.post(`/api/workspaces/${wid}/invitations`, input), 'invitation'),
      onSuccess: done,
    }),
    setRole: useMutation({
      mutationFn: (input: { userId: string; role: Role }) =>
        api.patch(`/api/workspaces/${wid}/members/${input.userId}`, { role: input.role }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (userId: string) => api.del(`/api/workspaces/${wid}/members/${userId}`),
      onSuccess: done,
    }),
  };
}

export function useApiKeys() {
  return useQuery({
    queryKey: qk.apiKeys,
    queryFn: async () => toPage<ApiKey>(await api.get('/api/api-keys'), 'apiKeys').items,
  });
}

export function useCodegenTargets() {
  return useQuery({
    queryKey: qk.codegenTargets,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => {
      const page = toPage<CodegenTarget | string>(await api.get('/api/codegen/targets'), 'targets');
      return page.items.map((t) =>
        typeof t === 'string' ? { id: t, label: t } : { id: t.id, label: t.label ?? t.id },
      );
    },
  });
}
