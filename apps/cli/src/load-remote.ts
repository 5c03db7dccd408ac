import type { TCollection, TEnvironment } from '@apiplay/core';
import { CliError } from './exit-codes';

export interface RemoteSource {
  /** Base URL of an API Playground server, e.g. https://apiplay.example.com */
  server: string;
  /** An API key (`apk_…`) or access token; sent as `Authorization: Bearer`. */
  apiKey: string;
  collectionId: string;
  environmentId?: string;
}

async function getJson(
  base: string,
  path: string,
  apiKey: string,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' } });
  } catch (e) {
    throw new CliError(`Cannot reach ${url.origin}: ${(e as Error).message}`);
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text for the message
  }
  return { status: res.status, body };
}

function serverMessage(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const e = (body as { error: { code?: string; message?: string } }).error;
    return `${e.code ?? ''} ${e.message ?? ''}`.trim();
  }
  return typeof body === 'string' ? body.slice(0, 200) : 'unexpected response';
}

function variablesOf(body: unknown): TEnvironment['variables'] {
  const vars =
    typeof body === 'object' && body !== null && 'variables' in body
      ? (body as { variables: unknown }).variables
      : [];
  return Array.isArray(vars) ? (vars as TEnvironment['variables']) : [];
}

/**
 * `apiplay run --server URL --api-key K --collection ID [--environment-id E]`: fetch the collection tree (and the
 * files its bodies store on the server), the environment and the workspace globals from the server's API, secrets revealed when the key's user may (editors);
 * otherwise they stay masked and a warning says so.
 */
export async function loadFromServer(
  src: RemoteSource,
  warn: (message: string) => void,
): Promise<{ collection: TCollection; environment?: TEnvironment; globals?: TEnvironment }> {
  const tree = await getJson(
    src.server,
    `api/collections/${encodeURIComponent(src.collectionId)}`,
    src.apiKey,
  );
  if (tree.status !== 200) {
    throw new CliError(
      `Server refused collection ${src.collectionId} (HTTP ${tree.status}): ${serverMessage(tree.body)}`,
    );
  }
  const { CollectionFormat } = await import('./native-formats');
  const parsed = CollectionFormat.safeParse(tree.body);
  if (!parsed.ok) {
    throw new CliError(`Server sent an invalid collection: ${parsed.error.message}`);
  }
  const workspaceId =
    typeof tree.body === 'object' && tree.body !== null && 'workspaceId' in tree.body
      ? String((tree.body as { workspaceId: unknown }).workspaceId)
      : undefined;

  const fetchScope = async (
    path: string,
    what: string,
  ): Promise<{ name: string; variables: TEnvironment['variables'] } | undefined> => {
    let r = await getJson(src.server, `${path}?reveal=1`, src.apiKey);
    if (r.status === 403) {
      warn(`${what}: secrets stay masked (revealing them needs the editor role)`);
      r = await getJson(src.server, path, src.apiKey);
    }
    if (r.status !== 200) {
      return undefined;
    }
    const name =
      typeof r.body === 'object' && r.body !== null && 'name' in r.body
        ? String((r.body as { name: unknown }).name)
        : what;
    return { name, variables: variablesOf(r.body) };
  };

  const { withServerFiles } = await import('./remote-files');
  const out: { collection: TCollection; environment?: TEnvironment; globals?: TEnvironment } = {
    collection: await withServerFiles(parsed.value, src.server, src.apiKey),
  };
  if (src.environmentId) {
    const env = await fetchScope(`api/environments/${encodeURIComponent(src.environmentId)}`, 'environment');
    if (!env) {
      throw new CliError(`Server refused environment ${src.environmentId}`);
    }
    out.environment = { v: 1, id: src.environmentId, ...env };
  }
  if (workspaceId) {
    const globals = await fetchScope(`api/workspaces/${encodeURIComponent(workspaceId)}/globals`, 'globals');
    if (globals) {
      out.globals = { v: 1, id: `${workspaceId}-globals`, ...globals };
    }
  }
  return out;
}
