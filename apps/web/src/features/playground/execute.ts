import type { TRequest } from '@apiplay/core';
import { ApiError } from '../../api/api-error';
import { api } from '../../api/instance';
import type { ExecuteResult } from '../../api/types';
import { getUpload, uploadsIn } from '../editor/file-uploads';
import { useExecStore } from '../response/exec-store';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The execute endpoint answers with an execution (`{ response, assertions, … }`) or a bare response; accept both. */
export function normalizeResult(data: unknown): ExecuteResult {
  const d = isRecord(data) && isRecord(data.execution) ? data.execution : data;
  if (!isRecord(d)) {
    return { assertions: [], console: [], warnings: [] };
  }
  if (typeof d.status === 'number' && typeof d.body === 'string') {
    return { response: d as unknown as ExecuteResult['response'], assertions: [], console: [], warnings: [] };
  }
  return {
    request: d.request as ExecuteResult['request'],
    response: d.response as ExecuteResult['response'],
    error: d.error as ExecuteResult['error'],
    assertions: Array.isArray(d.assertions) ? (d.assertions as ExecuteResult['assertions']) : [],
    console: Array.isArray(d.console) ? (d.console as ExecuteResult['console']) : [],
    warnings: Array.isArray(d.warnings) ? (d.warnings as string[]) : [],
    scriptFailures: Array.isArray(d.scriptFailures)
      ? (d.scriptFailures as ExecuteResult['scriptFailures'])
      : [],
  };
}

export interface ExecuteInput {
  tabId: string;
  workspaceId: string;
  request: TRequest;
  environmentId: string | null;
  collectionId: string | null;
  itemId: string | null;
}

/** Send through `POST /api/execute`; files picked in the editor go as multipart parts named by their token. */
export async function executeRequest(input: ExecuteInput): Promise<void> {
  const store = useExecStore.getState();
  store.byTab[input.tabId]?.controller?.abort();
  const controller = new AbortController();
  const startedAt = performance.now();
  store.set(input.tabId, { status: 'sending', startedAt, controller });
  const payload = {
    workspaceId: input.workspaceId,
    request: input.request,
    ...(input.environmentId ? { environmentId: input.environmentId } : {}),
    ...(input.collectionId ? { collectionId: input.collectionId } : {}),
    ...(input.itemId ? { itemId: input.itemId } : {}),
  };
  try {
    const uploads = uploadsIn(input.request.body);
    let data: unknown;
    if (uploads.length > 0) {
      const form = new FormData();
      form.set('payload', JSON.stringify(payload));
      for (const token of uploads) {
        const file = getUpload(token);
        if (file) {
          form.append(token, file, file.name);
        }
      }
      data = await api.request('/api/execute', { method: 'POST', rawBody: form, signal: controller.signal });
    } else {
      data = await api.post('/api/execute', payload, { signal: controller.signal });
    }
    useExecStore.getState().set(input.tabId, {
      status: 'done',
      result: normalizeResult(data),
      startedAt,
      receivedAt: performance.now(),
    });
  } catch (e) {
    if (e instanceof ApiError && e.code === 'ABORTED') {
      useExecStore.getState().set(input.tabId, { status: 'error', error: 'Request cancelled', startedAt });
      return;
    }
    useExecStore.getState().set(input.tabId, {
      status: 'error',
      error: e instanceof Error ? e.message : 'Request failed',
      startedAt,
    });
  }
}

export function cancelRequest(tabId: string): void {
  useExecStore.getState().byTab[tabId]?.controller?.abort();
}
