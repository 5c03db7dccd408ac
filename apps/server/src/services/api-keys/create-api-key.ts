import { AppError, type TCreateApiKeyRequest } from '@apiplay/core';
import type { AppContext } from '../../context';
import { apiKeys } from '../../db/schema';
import { randomToken, sha256 } from '../../lib/crypto';
import { getMemberRole } from '../../policies/roles';
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
  if (
    input.workspaceId !== undefined &&
    (await getMemberRole(ctx.db, opts.userId, input.workspaceId)) === null
  ) {
    throw new AppError('VALIDATION_FAILED', 'body.workspaceId: not a workspace you belong to', {
      issues: [{ field: 'body.workspaceId', message: 'not a workspace you belong to' }],
    });
  }
  const scopes = [...new Set(input.scopes)];
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
        scopes,
        workspaceId: input.workspaceId ?? null,
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
      workspaceId: input.workspaceId ?? null,
      meta: { name: input.name, prefix: r.prefix, scopes },
    });
    return r;
  });
  return { row, key };
}
