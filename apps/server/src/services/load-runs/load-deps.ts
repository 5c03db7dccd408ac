import type { RunnerScriptEngine, Transport } from '@apiplay/core';
import type { Db } from '../../db/client';
import type { EventBus } from '../../infra/event-bus';
import type { LoadChannel } from '../../infra/load-channel';
import type { SecretBox } from '../../infra/secrets';

/** What a load part needs from the process it runs in (built by `context.ts`). */
export interface LoadDeps {
  db: Db;
  box: SecretBox;
  events: EventBus;
  channel: LoadChannel;
  /** The guarded server transport: the SSRF policy applies to every request of the load run. */
  transport: Transport;
  /** One QuickJS engine shared by the part's VUs (only when the collection has scripts). */
  createScriptEngine(): Promise<RunnerScriptEngine>;
  /** Who runs the part (`host:pid`), recorded per part. */
  runner: string;
  /** How long the first part waits for the others to be taken by workers before it fails the run. */
  startTimeoutMs: number;
}
