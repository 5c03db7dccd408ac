import { resolve } from 'node:path';
import type { TCollection, TEnvironment, TItem } from '@apiplay/core';
import { createNodeTransport, type TDataRow } from './core';
import { CliError } from './exit-codes';
import { loadCollection, loadData, loadEnvironment, parsePairs } from './load-files';
import { loadFromServer } from './load-remote';

/** The options `apiplay run` and `apiplay load` share for what they run: files (or, for run, the server) and overrides. */
export interface InputOptions {
  environment?: string;
  globals?: string;
  iterationData?: string;
  envVar: string[];
  globalVar: string[];
  server?: string;
  apiKey?: string;
  collection?: string;
  environmentId?: string;
}

export interface RunInputs {
  collection: TCollection;
  warnings: string[];
  environment: TEnvironment | undefined;
  globals: TEnvironment | undefined;
  data: TDataRow[] | undefined;
  envOverrides: Record<string, string>;
  globalOverrides: Record<string, string>;
}

function itemsHaveScripts(items: readonly TItem[]): boolean {
  return items.some(
    (i) =>
      i.scripts.preRequest.trim() !== '' ||
      i.scripts.test.trim() !== '' ||
      (i.type === 'folder' && itemsHaveScripts(i.items)),
  );
}

/** Whether any script runs: the QuickJS runtime is created only then, so a script-free run starts faster. */
export function collectionHasScripts(c: TCollection): boolean {
  return c.scripts.preRequest.trim() !== '' || c.scripts.test.trim() !== '' || itemsHaveScripts(c.items);
}

async function loadFiles(
  collectionPath: string | undefined,
  o: InputOptions,
): Promise<Omit<RunInputs, 'envOverrides' | 'globalOverrides'>> {
  const data = o.iterationData ? loadData(o.iterationData) : Promise.resolve(undefined);
  const fileEnv = o.environment ? loadEnvironment(o.environment) : Promise.resolve(undefined);
  const fileGlobals = o.globals ? loadEnvironment(o.globals, 'globals') : Promise.resolve(undefined);
  if (o.server) {
    if (collectionPath) {
      throw new CliError('Give either a collection file or --server with --collection, not both');
    }
    const apiKey = o.apiKey ?? process.env.APIPLAY_API_KEY;
    if (!apiKey || !o.collection) {
      throw new CliError('--server needs --collection <id> and --api-key <key> (or APIPLAY_API_KEY)');
    }
    const warnings: string[] = [];
    const remote = await loadFromServer(
      {
        server: o.server,
        apiKey,
        collectionId: o.collection,
        ...(o.environmentId ? { environmentId: o.environmentId } : {}),
      },
      (w) => warnings.push(w),
    );
    return {
      collection: remote.collection,
      warnings,
      // Local files, when given, take the place of the server's environment / globals.
      environment: (await fileEnv) ?? remote.environment,
      globals: (await fileGlobals) ?? remote.globals,
      data: await data,
    };
  }
  if (!collectionPath) {
    throw new CliError('Missing collection: give a file, or --server URL --api-key K --collection ID');
  }
  const [{ collection, warnings }, environment, globals, rows] = await Promise.all([
    loadCollection(collectionPath),
    fileEnv,
    fileGlobals,
    data,
  ]);
  return { collection, warnings, environment, globals, data: rows };
}

/** Files (or the server, with --server) → collection, environment, globals, data rows; then --env-var/--global-var. */
export async function loadInputs(collectionPath: string | undefined, o: InputOptions): Promise<RunInputs> {
  const loaded = await loadFiles(collectionPath, o);
  return {
    ...loaded,
    envOverrides: parsePairs(o.envVar, '--env-var'),
    globalOverrides: parsePairs(o.globalVar, '--global-var'),
  };
}

/** The options runCollection and runLoad take from the inputs: collection, variable scopes, overrides, data rows. */
export function inputRunOptions(i: RunInputs) {
  return {
    collection: i.collection,
    ...(i.environment ? { environment: i.environment } : {}),
    ...(i.globals ? { globals: i.globals.variables } : {}),
    envOverrides: i.envOverrides,
    globalOverrides: i.globalOverrides,
    ...(i.data ? { iterationData: i.data } : {}),
  };
}

/** The Node transport for --insecure and --working-dir (file paths in bodies resolve from it, else the cwd). */
/** The name the server's built-in targets go by in collections (apps/server infra/ssrf/builtin-targets.ts). */
const BUILTIN_HOST = 'apiplay.internal';

/**
 * With `--server http://…`, `http://apiplay.internal` (the sample collection's targets) connects to that server,
 * as the server's own executions do; the URL and Host header stay as written. An https server cannot serve the
 * plain-HTTP name: give `--env-var baseUrl=<server URL>` instead.
 */
function builtinTargetsOf(server: string | undefined) {
  if (!server) {
    return undefined;
  }
  const url = new URL(server);
  if (url.protocol !== 'http:') {
    return undefined;
  }
  const to = { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) };
  return (origin: { protocol: string; hostname: string; port: string }) =>
    origin.protocol === 'http:' &&
    origin.hostname.toLowerCase() === BUILTIN_HOST &&
    (origin.port === '' || origin.port === '80')
      ? to
      : undefined;
}

export function transportFor(o: {
  insecure?: boolean;
  workingDir?: string;
  server?: string;
}): ReturnType<typeof createNodeTransport> {
  const connectTo = builtinTargetsOf(o.server);
  return createNodeTransport({
    ...(o.insecure ? { insecure: true } : {}),
    ...(connectTo ? { connectTo } : {}),
    cwd: o.workingDir ? resolve(o.workingDir) : process.cwd(),
  });
}
