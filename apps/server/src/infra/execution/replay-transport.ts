import { type TExecution, type Transport, TransportError } from '@apiplay/core';

/** Which step the runner is on; set from its synchronous `beforeRequest` event. */
export interface ReplayCursor {
  index: number | null;
  /** True between a step's `beforeRequest` and its main send (script `sendRequest`s are not the main send). */
  mainPending: boolean;
}

/**
 * Resuming a run after a crash: steps already recorded are answered from the record instead of the network, so
 * scripts and setNextRequest replay to the same state and no recorded request is sent (or recorded) twice.
 */
export function createReplayTransport(
  inner: Transport,
  recorded: ReadonlyMap<number, TExecution>,
  cursor: ReplayCursor,
): Transport {
  return {
    async send(req, opts) {
      const index = cursor.index;
      const isMain = cursor.mainPending;
      cursor.mainPending = false;
      const past = isMain && index !== null ? recorded.get(index) : undefined;
      if (past) {
        opts?.onSent?.(past.request);
        if (past.response) {
          return past.response;
        }
        throw new TransportError(
          past.error?.code ?? 'NETWORK_ERROR',
          past.error?.message ?? 'recorded failure',
        );
      }
      return inner.send(req, opts);
    },
  };
}
