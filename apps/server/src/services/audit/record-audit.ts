import type { TAuditAction } from '@apiplay/core';
import { AUDIT_CHAIN_GENESIS, auditEventHash } from '@apiplay/core/audit-chain';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { appMeta, auditEvents } from '../../db/schema';
import { storableJson } from '../../lib/storable-text';

export interface AuditInput {
  action: TAuditAction;
  actorId?: string | null;
  /** The user whose security trail this belongs to (`/api/auth/me/audit`). */
  subjectUserId?: string | null;
  workspaceId?: string | null;
  targetType?: string;
  targetId?: string;
  ip?: string | undefined;
  meta?: Record<string, unknown>;
}

/** The `app_meta` row holding the newest chained event `{ id, hash }`; its row lock orders every append. */
export const AUDIT_HEAD_KEY = 'audit.chain_head';

export interface AuditHead {
  id: string;
  hash: string;
}

function isAuditHead(v: unknown): v is AuditHead {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { id?: unknown }).id === 'string' &&
    typeof (v as { hash?: unknown }).hash === 'string'
  );
}

/**
 * Locks the chain head for the rest of the transaction and returns it (null before the first event). Every
 * append takes this row lock, so appends from any number of server instances form one sequence: the next writer
 * waits until this transaction commits (or rolls back) and then reads the head it left.
 */
export async function lockAuditHead(tx: DbOrTx): Promise<AuditHead | null> {
  await tx
    .insert(appMeta)
    .values({ key: AUDIT_HEAD_KEY, value: {} })
    .onConflictDoNothing({ target: appMeta.key });
  const rows = await tx.select().from(appMeta).where(eq(appMeta.key, AUDIT_HEAD_KEY)).for('update');
  const value = rows[0]?.value;
  return isAuditHead(value) ? value : null;
}

/**
 * Appends one audit event to the hash chain (inside the caller's transaction when given one; a savepoint then).
 * Never store secrets in `meta`. The event's own timestamp is written from here, at millisecond precision, so
 * the value read back hashes the same.
 */
export async function recordAudit(db: DbOrTx, e: AuditInput): Promise<void> {
  await db.transaction(async (tx) => {
    const head = await lockAuditHead(tx);
    const prevHash = head?.hash ?? AUDIT_CHAIN_GENESIS;
    const content = {
      action: e.action,
      actorId: e.actorId ?? null,
      subjectUserId: e.subjectUserId ?? null,
      workspaceId: e.workspaceId ?? null,
      targetType: e.targetType ?? null,
      targetId: e.targetId ?? null,
      ip: e.ip ?? null,
      // Exactly what jsonb keeps (undefined members dropped, dates as strings; NUL and lone surrogates → U+FFFD,
      // which neither jsonb nor canonical JSON can hold): an audit write must not fail on odd text.
      meta:
        e.meta === undefined
          ? null
          : storableJson(JSON.parse(JSON.stringify(e.meta)) as Record<string, unknown>),
      createdAt: new Date(),
    };
    const hash = auditEventHash(prevHash, { ...content, createdAt: content.createdAt.toISOString() });
    const [row] = await tx
      .insert(auditEvents)
      .values({ ...content, prevHash, hash })
      .returning({ id: auditEvents.id });
    if (row === undefined) {
      throw new Error('audit insert returned nothing');
    }
    await tx
      .update(appMeta)
      .set({ value: { id: String(row.id), hash } satisfies AuditHead, updatedAt: new Date() })
      .where(eq(appMeta.key, AUDIT_HEAD_KEY));
  });
}
