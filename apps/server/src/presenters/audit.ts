import type { TAuditEvent } from '@apiplay/core';
import type { AuditRow } from '../services/audit/list-audit';

export function presentAuditEvent(e: AuditRow): TAuditEvent {
  return {
    id: String(e.id),
    action: e.action,
    actorId: e.actorId,
    subjectUserId: e.subjectUserId,
    workspaceId: e.workspaceId,
    targetType: e.targetType,
    targetId: e.targetId,
    ip: e.ip,
    meta: e.meta ?? null,
    createdAt: e.createdAt.toISOString(),
    prevHash: e.prevHash,
    hash: e.hash,
  };
}
