import type { TExecution } from '@apiplay/core';
import { storableJson } from '../../lib/storable-text';

/**
 * The one place where what scripts and targets produced (test names, headers a script set, console output,
 * response bodies, script errors) is made storable before it is recorded or returned: an execution is then
 * always recorded, and the `historyId` it answers with exists. A text response body holding NUL is kept exactly,
 * as base64 (`bodyEncoding: 'base64'`); every other string gets U+FFFD for NUL and lone surrogates. Run this after
 * masking secrets (masking reads text bodies).
 */
export function storableExecution(execution: TExecution): TExecution {
  const response = execution.response;
  const withBody =
    response !== undefined && response.bodyEncoding === 'utf8' && response.body.includes('\u0000')
      ? {
          ...execution,
          response: {
            ...response,
            body: Buffer.from(response.body, 'utf8').toString('base64'),
            bodyEncoding: 'base64' as const,
          },
        }
      : execution;
  return storableJson(withBody);
}
