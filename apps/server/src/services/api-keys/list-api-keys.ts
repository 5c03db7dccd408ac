import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { apiKeys } from '../../db/schema';
import type { ApiKeyRow } from './create-api-key';

/** The caller's keys that are not revoked (expired ones are listed so they can be recognised and removed). */
export async function listApiKeys(opts: { db: Db; userId: string }): Promise<ApiKeyRow[]> {
  return opts.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, opts.userId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt));
}
