import type { TAuditAction } from '@apiplay/core';
import type { DbOrTx } from '../../db/client';
import { auditEvents } from '../../db/schema';

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

/** Appends one audit event. Never store secrets in `meta`. */
export async function recordAudit(db: DbOrTx, e: AuditInput): Promise<void> {
  await db.insert(auditEvents).values({
    action: e.action,
    actorId: e.actorId ?? null,
    subjectUserId: e.subjectUserId ?? null,
    workspaceId: e.workspaceId ?? null,
    targetType: e.targetType ?? null,
    targetId: e.targetId ?? null,
    ip: e.ip ?? null,
    meta: e.meta ?? null,
  });
}
