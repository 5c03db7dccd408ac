import { z } from 'zod';
import { AppErrorCode } from '../errors';

/** The error body of every non-2xx response. */
export const ZErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(AppErrorCode).describe('Stable machine-readable code'),
      message: z.string().describe('Human-readable explanation'),
      details: z.unknown().optional().describe('Structured context, e.g. the failing fields'),
    }),
  })
  .describe('Error');
export type TErrorResponse = z.infer<typeof ZErrorResponse>;

/** An id path parameter (uuid). */
export const ZIdParam = z.object({ id: z.uuid().describe('Resource id') });
export type TIdParam = z.infer<typeof ZIdParam>;

/** ISO-8601 timestamp in UTC. */
export const ZTimestamp = z.iso.datetime({ offset: true }).describe('ISO-8601 timestamp');

/** Cursor pagination query: `limit` 1–100 (default 50), `cursor` from the previous page's `nextCursor`. */
export const ZPageQuery = z.object({
  cursor: z.string().max(200).optional().describe('Opaque cursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('Page size, at most 100'),
});
export type TPageQuery = z.infer<typeof ZPageQuery>;

/** A page of items and the cursor of the next page (null on the last page). */
export function ZPage<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item).describe('This page'),
    nextCursor: z.string().nullable().describe('Pass as `cursor` to get the next page; null when done'),
  });
}
export interface TPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** Workspace roles, strongest first: owners delete/transfer, admins manage members, editors change content, viewers read and execute. */
export const ZWorkspaceRole = z.enum(['owner', 'admin', 'editor', 'viewer']).describe('Workspace role');
export type TWorkspaceRole = z.infer<typeof ZWorkspaceRole>;
