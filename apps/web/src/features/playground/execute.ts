import type { TExecuteRequest, TRequest } from '@apiplay/core';
import { ApiError } from '../../api/api-error';
import { executeRequest } from '../../api/execute';
import { getUpload, uploadsIn } from '../editor/file-uploads';
import { useExecStore } from '../response/exec-store';

export interface SendInput {
  tabId: string;
  workspaceId: string;
  request: TRequest;
  environmentId: string | null;
  collectionId: string | null;
  /** The saved request the draft belongs to: its folders' and collection's auth, variables and scripts apply. */
  itemId: string | null;
}

/**
 * Send a tab's draft through `POST /api/execute` and keep the result in the tab's exec state (a store action,
 * not a query: a Send is never retried or cached). Files picked in the editor travel as multipart parts.
 */
export async function sendRequest(input: SendInput): Promise<void> {
  const store = useExecStore.getState();
  store.byTab[input.tabId]?.controller?.abort();
  const controller = new AbortController();
  const startedAt = performance.now();
  store.set(input.tabId, { status: 'sending', startedAt, controller });
  const body: TExecuteRequest = {
    workspaceId: input.workspaceId,
    request: input.request,
    ...(input.environmentId ? { environmentId: input.environmentId } : {}),
    ...(input.collectionId ? { collectionId: input.collectionId } : {}),
    ...(input.itemId ? { itemId: input.itemId } : {}),
  };
  const files = new Map<string, File>();
  for (const token of uploadsIn(input.request.body)) {
    const file = getUpload(token);
    if (file) {
      files.set(token, file);
    }
  }
  try {
    const { execution } = await executeRequest(body, { signal: controller.signal, files });
    useExecStore.getState().set(input.tabId, {
      status: 'done',
      result: execution,
      startedAt,
      receivedAt: performance.now(),
    });
  } catch (e) {
    const message =
      e instanceof ApiError && e.code === 'ABORTED'
        ? 'Request cancelled'
        : e instanceof Error
          ? e.message
          : 'Request failed';
    useExecStore.getState().set(input.tabId, { status: 'error', error: message, startedAt });
  }
}

export function cancelRequest(tabId: string): void {
  useExecStore.getState().byTab[tabId]?.controller?.abort();
}
