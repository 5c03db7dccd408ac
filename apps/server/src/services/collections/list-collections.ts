import type { TCollectionList } from '@apiplay/core';
import { AppError } from '@apiplay/core';
import { and, asc, eq, gt, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { collections } from '../../db/schema';
import { toSummary } from '../../presenters/collections';

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    if (Number.isNaN(createdAt.getTime()) || typeof id !== 'string') {
      throw new Error('bad cursor');
    }
    return { createdAt, id };
  } catch {
    throw new AppError('BAD_REQUEST', 'Invalid cursor');
  }
}

/** Collections of a workspace, oldest first, cursor-paginated on (createdAt, id). */
export async function listCollections(opts: {
  db: DbOrTx;
  workspaceId: string;
  cursor?: string | undefined;
  limit: number;
}): Promise<TCollectionList> {
  const after = opts.cursor ? decodeCursor(opts.cursor) : null;
  const rows = await opts.db
    .select()
    .from(collections)
    .where(
      and(
        eq(collections.workspaceId, opts.workspaceId),
        after
          ? or(
              gt(collections.createdAt, after.createdAt),
              and(eq(collections.createdAt, after.createdAt), gt(collections.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(collections.createdAt), asc(collections.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > opts.limit && last
      ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString('base64url')
      : null;
  return { items: page.map(toSummary), nextCursor };
}
