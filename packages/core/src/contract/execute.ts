import { z } from 'zod';
import { ZExecution, ZRequestV1 } from '../schema';

/** `POST /api/execute`: run a request server-side (not necessarily saved). */
export const ZExecuteRequest = z.object({
  workspaceId: z.uuid().describe('Workspace the execution belongs to (history, globals, rate limit)'),
  request: ZRequestV1.describe('The request in the saved format (v1)'),
  environmentId: z.uuid().optional().describe('Environment whose variables resolve {{…}}'),
  collectionId: z
    .uuid()
    .optional()
    .describe('Collection whose variables, auth and scripts apply (the request need not be saved in it)'),
  itemId: z
    .uuid()
    .optional()
    .describe(
      'The saved request this draft belongs to: its collection and every ancestor folder lend auth, variables ' +
        'and scripts exactly as in a collection run (`apiplay run`); the draft itself is what is sent',
    ),
});
export type TExecuteRequest = z.infer<typeof ZExecuteRequest>;

/** `POST /api/requests/:id/execute`: run a saved request with its inherited auth, variables and scripts. */
export const ZExecuteSavedRequest = z.object({
  environmentId: z.uuid().optional().describe('Environment whose variables resolve {{…}}'),
});
export type TExecuteSavedRequest = z.infer<typeof ZExecuteSavedRequest>;

export const ZAsyncQuery = z.object({
  async: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true')
    .describe(
      '1 = queue it and answer 202 {jobId}; the result comes via GET /api/jobs/:id and the WebSocket',
    ),
});
export type TAsyncQuery = z.infer<typeof ZAsyncQuery>;

/** The result of an execution: what was sent (secrets masked), what came back, tests, console. */
export const ZExecuteResponse = z.object({
  historyId: z.uuid().describe('The history entry recorded for this execution'),
  execution: ZExecution,
});
export type TExecuteResponse = z.infer<typeof ZExecuteResponse>;

export const ZJobAccepted = z.object({ jobId: z.uuid().describe('Poll GET /api/jobs/:id') });
export type TJobAccepted = z.infer<typeof ZJobAccepted>;
