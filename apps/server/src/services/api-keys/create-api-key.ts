import { AppError, type TCreateApiKeyRequest } from '@apiplay/core';
import type { AppContext } from '../../context';
import { apiKeys } from '../../db/schema';
import { randomToken, sha256 } from '../../lib/crypto';
import { recordAudit } from '../audit/record-audit';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** Creates a personal API key; the plaintext (`apk_…`) is returned once and only its sha256 is stored. */
export async function createApiKey(opts: {
  ctx: AppContext;
  userId: string;
  input: TCreateApiKeyRequest;
  ip: string;
}): Promise<{ row: ApiKeyRow; key: string }> {
  const { ctx, input } = opts;
  const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt);
  if (expiresAt !== null && expiresAt.getTime() <= Date.now()) {
    throw new AppError('VALIDATION_FAILED', 'body.expiresAt: must be in the future', {
      issues: [{ field: 'body.expiresAt', message: 'must be in the future' }],
    });
  }
  const key = `apk_${randomToken(32)}`;
  const row = await ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(apiKeys)
      .values({
        userId: opts.userId,
        name: input.name,
        prefix: key.slice(0, 12),
        keyHash: sha256(key),
        expiresAt,
      })
      .returning();
    if (r === undefined) {
      throw new Error('api key insert returned nothing');
    }
    await recordAudit(tx, {
      action: 'api_key.created',
      actorId: opts.userId,
      subjectUserId: opts.userId,
      targetType: 'api_key',
      targetId: r.id,
      ip: opts.ip,
      meta: { name: input.name, prefix: r.prefix },
    });
    return r;
  });
  return { row, key };
}
