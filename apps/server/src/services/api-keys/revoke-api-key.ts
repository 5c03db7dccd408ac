import { AppError } from '@apiplay/core';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { apiKeys } from '../../db/schema';
import type { AuthChanges } from '../../infra/auth-changes';
import { recordAudit } from '../audit/record-audit';

/** Revokes one of the caller's keys (streams it opened close at once); someone else's key is NOT_FOUND. */
export async function revokeApiKey(opts: {
  db: Db;
  /** Told once the revocation is committed, so open `/ws` streams of the key close on every instance. */
  authChanges?: AuthChanges;
  userId: string;
  keyId: string;
  ip: string;
}): Promise<void> {
  await opts.db.transaction(async (tx) => {
    const revoked = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, opts.keyId), eq(apiKeys.userId, opts.userId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, name: apiKeys.name });
    const row = revoked[0];
    if (row === undefined) {
      throw new AppError('NOT_FOUND', 'API key not found');
    }
    await recordAudit(tx, {
      action: 'api_key.revoked',
      actorId: opts.userId,
      subjectUserId: opts.userId,
      targetType: 'api_key',
      targetId: row.id,
      ip: opts.ip,
      meta: { name: row.name },
    });
  });
  await opts.authChanges?.publish(opts.userId);
}
