import { z } from 'zod';
import { ZAssertion, ZHeaderPair, ZSentRequest, ZTimings } from '../schema';
import { ZTimestamp } from './common';

/** One history entry: what was sent (secrets masked), what came back, tests, who and when. */
export const ZHistoryEntry = z
  .object({
    id: z.uuid(),
    workspaceId: z.uuid(),
    userId: z.uuid().nullable().describe('Who ran it'),
    requestItemId: z.uuid().nullable().describe('The saved request, when it was one'),
    runId: z.uuid().nullable(),
    method: z.string(),
    url: z.string(),
    status: z.number().int().nullable().describe('HTTP status; null when no response came'),
    durationMs: z.number().int().nullable(),
    request: ZSentRequest,
    response: z
      .object({
        status: z.number().int(),
        statusText: z.string(),
        httpVersion: z.string(),
        headers: z.array(ZHeaderPair),
        bodyEncoding: z.enum(['utf8', 'base64']),
        size: z.number().int(),
        truncated: z.boolean(),
        timings: ZTimings,
      })
      .nullable(),
    body: z.string().nullable().describe('Body kept inline (up to the inline cap)'),
    bodyStored: z.boolean().describe('True when the full body is in file storage (GET …/body)'),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    assertions: z.array(ZAssertion),
    createdAt: ZTimestamp,
  })
  .describe('History entry');
export type THistoryEntry = z.infer<typeof ZHistoryEntry>;

export const ZHistoryQuery = z.object({
  cursor: z.string().max(200).optional().describe('Opaque cursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('Page size, at most 100'),
  q: z.string().max(500).optional().describe('Text that must appear in the URL'),
  method: z.string().max(32).optional().describe('Only this HTTP method'),
  status: z
    .enum(['1xx', '2xx', '3xx', '4xx', '5xx', 'error'])
    .optional()
    .describe('Status class, or error (no response)'),
});
export type THistoryQuery = z.infer<typeof ZHistoryQuery>;

export const ZHistoryList = z.object({
  items: z.array(ZHistoryEntry).describe('Newest first'),
  nextCursor: z.string().nullable(),
});
export type THistoryList = z.infer<typeof ZHistoryList>;

export const ZHistorySettings = z.object({
  retentionDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .describe('Entries older than this are deleted by a scheduled job'),
});
export type THistorySettings = z.infer<typeof ZHistorySettings>;
