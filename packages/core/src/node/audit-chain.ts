import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The fields of an audit event that its hash covers (everything but the storage id and the hash itself). */
export interface AuditChainContent {
  action: string;
  actorId: string | null;
  subjectUserId: string | null;
  workspaceId: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  meta: Record<string, unknown> | null;
  /** ISO-8601 with milliseconds, as the server stores it (it writes the timestamp itself, never `now()`). */
  createdAt: string;
}

/** The `prevHash` of the very first event of a chain. */
export const AUDIT_CHAIN_GENESIS = 'genesis';

/**
 * sha256 (hex) over the previous event's hash and this event's content as RFC 8785 canonical JSON: key order and
 * number formatting are fixed, so a row read back from PostgreSQL's jsonb (which reorders keys) hashes the same.
 */
export function auditEventHash(prevHash: string, content: AuditChainContent): string {
  const body = canonicalize({
    prevHash,
    action: content.action,
    actorId: content.actorId,
    subjectUserId: content.subjectUserId,
    workspaceId: content.workspaceId,
    targetType: content.targetType,
    targetId: content.targetId,
    ip: content.ip,
    meta: content.meta,
    createdAt: content.createdAt,
  });
  if (body === undefined) {
    throw new Error('audit event is not serializable');
  }
  return createHash('sha256').update(body).digest('hex');
}

/** One stored event as the chain check reads it (database row or a line of an export). */
export interface AuditChainRow extends AuditChainContent {
  id: string;
  prevHash: string | null;
  hash: string | null;
}

/** What is wrong at one event. */
export interface AuditChainProblem {
  id: string;
  kind: 'unsealed' | 'edited' | 'gap';
  message: string;
}

/** Incremental chain check: feed events in id order, then `finish` with the head the server recorded (if known). */
export interface AuditChainVerifier {
  add(row: AuditChainRow): void;
  finish(head?: { id: string; hash: string } | null): { checked: number; problems: AuditChainProblem[] };
}

/**
 * Checks a chain in id order. An edited row fails its own hash ("edited"); a deleted or re-ordered row breaks the
 * link of the next one ("gap"); a deleted newest row is caught by comparing the last hash with the recorded head.
 * The chain may start after the genesis (an export filtered by date): the first row's `prevHash` is then trusted.
 */
export function createAuditChainVerifier(opts: { fromGenesis: boolean }): AuditChainVerifier {
  const problems: AuditChainProblem[] = [];
  let previous: { id: string; hash: string } | null = null;
  let checked = 0;
  return {
    add(row) {
      checked += 1;
      if (row.hash === null || row.prevHash === null) {
        problems.push({ id: row.id, kind: 'unsealed', message: `event ${row.id} has no hash` });
        previous = null;
        return;
      }
      const expectedPrev = previous?.hash ?? (checked === 1 && !opts.fromGenesis ? row.prevHash : null);
      if (expectedPrev === null && checked === 1 && row.prevHash !== AUDIT_CHAIN_GENESIS) {
        problems.push({
          id: row.id,
          kind: 'gap',
          message: `event ${row.id} is the first but does not start the chain: earlier events were deleted`,
        });
      } else if (expectedPrev !== null && row.prevHash !== expectedPrev) {
        problems.push({
          id: row.id,
          kind: 'gap',
          message: `event ${row.id} does not follow event ${previous?.id ?? '?'}: an event between them was deleted or moved`,
        });
      }
      if (auditEventHash(row.prevHash, row) !== row.hash) {
        problems.push({
          id: row.id,
          kind: 'edited',
          message: `event ${row.id} was changed after it was written`,
        });
      }
      previous = { id: row.id, hash: row.hash };
    },
    finish(head) {
      if (head !== undefined && head !== null) {
        const last: { id: string; hash: string } | null = previous;
        if (last === null || last.hash !== head.hash) {
          problems.push({
            id: head.id,
            kind: 'gap',
            message: `the newest event ${head.id} recorded by the server is missing or changed: events at the end were deleted`,
          });
        }
      }
      return { checked, problems };
    },
  };
}
