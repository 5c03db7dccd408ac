import {
  AppError,
  type TExecuteResponse,
  type TRequest,
  type TRequestItem,
  type TVariable,
} from '@apiplay/core';
import type { DbOrTx } from '../../db/client';
import type { BlobStorage } from '../../infra/blob-storage';
import type { EventBus } from '../../infra/event-bus';
import type { ScriptExecutor } from '../../infra/execution/script-executor';
import type { HistoryWriter } from '../../infra/history-writer';
import type { SecretBox } from '../../infra/secrets';
import { saveScriptVariables } from '../environments/save-script-variables';
import { maskExecution, secretsLeftByScripts, secretValues } from '../history/mask-secrets';
import { recordHistory } from '../history/record-history';
import { storableExecution } from '../history/storable-execution';
import { hideUploadPaths } from './hide-upload-paths';
import { loadExecutionScope } from './load-execution-scope';

export interface ExecutionDeps {
  db: DbOrTx;
  box: SecretBox;
  /** Live events (variables saved back by scripts, run progress). */
  events: EventBus;
  storage: BlobStorage;
  historyInlineMax: number;
  /** Batches history inserts off the response path. */
  history: HistoryWriter;
  /** Decrypted workspace globals, cached per process and invalidated by live events. */
  globals?: (workspaceId: string) => Promise<TVariable[]>;
  /**
   * Runs executions (with the guarded transport); those with scripts off the event loop, in worker threads, with
   * the per-user cap.
   */
  scripts: ScriptExecutor;
}

function hasScripts(...scripts: ({ preRequest: string; test: string } | undefined)[]): boolean {
  return scripts.some((s) => s !== undefined && (s.preRequest.trim() !== '' || s.test.trim() !== ''));
}

/**
 * Run one request server-side with core's engine (same variables, auth, scripts and results as the CLI), record
 * it in history with secrets masked, and return it. A target refused by the SSRF guard is TARGET_FORBIDDEN.
 */
export async function executeRequest(
  deps: ExecutionDeps,
  opts: {
    workspaceId: string;
    userId: string;
    /** A draft to send; with `itemId` it is sent in that saved request's place (its ancestors still apply). */
    request?: TRequest | TRequestItem;
    /** A saved request: its collection's and ancestor folders' auth, variables and scripts apply. */
    itemId?: string | undefined;
    environmentId?: string | undefined;
    collectionId?: string | undefined;
    /** `src` → temp path of files uploaded with the request (already bound into `request`). */
    uploads?: ReadonlyMap<string, string>;
    /** An async job: over the per-user script cap it waits for a slot instead of answering 429. */
    queued?: boolean;
    /** The caller may not see secrets (a viewer): scripts read them masked, the reply's body is masked too. */
    viewer?: boolean;
  },
): Promise<TExecuteResponse> {
  // Fixed-shape literals on this path, not spreads (V8's slow path for objects of varying shapes).
  const scope = await loadExecutionScope({
    db: deps.db,
    box: deps.box,
    workspaceId: opts.workspaceId,
    environmentId: opts.environmentId,
    collectionId: opts.collectionId,
    itemId: opts.itemId,
    globals: deps.globals,
  });
  // A draft of a saved request is sent as edited, in the saved request's place in the tree — what a collection
  // run would send had the draft been saved (same executeStep, same ancestors).
  const request = opts.request ?? scope.item;
  if (!request) {
    throw new AppError('BAD_REQUEST', 'Nothing to execute');
  }
  const withScripts = hasScripts(
    scope.collection?.scripts,
    request.scripts,
    ...scope.folders.map((f) => f.scripts),
  );
  const { execution: raw, variables } = await deps.scripts.execute(
    {
      request,
      ...(scope.collection ? { collection: scope.collection } : {}),
      folders: scope.folders,
      environment: scope.environment,
      globals: scope.globals,
      withScripts,
      // Applied where the scripts run (this thread or a script worker): a viewer's scripts read secrets masked.
      ...(opts.viewer ? { maskSecretsInScripts: true } : {}),
    },
    { userId: opts.userId, interactive: opts.queued !== true },
  );
  if (raw.error?.code === 'TARGET_FORBIDDEN') {
    throw new AppError('TARGET_FORBIDDEN', raw.error.message);
  }
  const notSaved = await saveScriptVariables(deps, {
    workspaceId: opts.workspaceId,
    userId: opts.userId,
    environmentId: opts.environmentId,
    collectionId: scope.collection?.id,
    before: {
      environment: scope.environment,
      globals: scope.globals,
      collection: scope.collection?.variables ?? [],
    },
    after: variables,
  });
  // The one place a direct execution's result leaves: masked once for history, the reply and the job result.
  const secrets = secretValues(
    scope.environment,
    scope.globals,
    scope.collection?.variables ?? [],
    ...scope.folders.map((f) => f.variables),
    secretsLeftByScripts([
      { before: scope.environment, after: variables.environment },
      { before: scope.globals, after: variables.globals },
      { before: scope.collection?.variables ?? [], after: variables.collection },
    ]),
  );
  const masked = maskExecution(hideUploadPaths(raw, opts.uploads ?? new Map()), secrets);
  const execution = storableExecution(
    notSaved.length === 0 ? masked : { ...masked, warnings: [...masked.warnings, ...notSaved] },
  );
  const historyId = await recordHistory({
    db: deps.db,
    storage: deps.storage,
    inlineMax: deps.historyInlineMax,
    workspaceId: opts.workspaceId,
    userId: opts.userId,
    requestItemId: scope.item ? scope.item.id : null,
    execution,
    writer: deps.history,
  });
  return {
    historyId,
    execution: opts.viewer ? maskExecution(execution, secrets, { maskBody: true }) : execution,
  };
}
