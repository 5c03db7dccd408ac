import { AUDIT_CHAIN_GENESIS, auditEventHash } from '@apiplay/core/audit-chain';
import { asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appMeta, auditEvents } from '../../db/schema';
import { AUDIT_HEAD_KEY, type AuditHead } from './record-audit';

/**
 * Chains the events written before the chain existed, once per database: when no chain head is recorded yet,
 * every unhashed event is hashed in id order and the head is written. Once a head exists this does nothing, so
 * a hash removed later is reported by verify-audit instead of being silently re-sealed. Every instance calls it
 * at boot; the head's row lock makes the others wait and then find it done.
 */
export async function sealAuditChain(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    await tx
      .insert(appMeta)
      .values({ key: AUDIT_HEAD_KEY, value: {} })
      .onConflictDoNothing({ target: appMeta.key });
    const [headRow] = await tx.select().from(appMeta).where(eq(appMeta.key, AUDIT_HEAD_KEY)).for('update');
    const value = headRow?.value as Partial<AuditHead> | undefined;
    if (typeof value?.hash === 'string') {
      return 0;
    }
    const legacy = await tx
      .select()
      .from(auditEvents)
      .where(isNull(auditEvents.hash))
      .orderBy(asc(auditEvents.id));
    let prevHash = AUDIT_CHAIN_GENESIS;
    let head: AuditHead | null = null;
    for (const row of legacy) {
      // Older rows carry the database's microsecond timestamps: keep the millisecond value the hash covers.
      const createdAt = new Date(row.createdAt.getTime());
      const hash = auditEventHash(prevHash, { ...row, createdAt: createdAt.toISOString() });
      await tx.update(auditEvents).set({ prevHash, hash, createdAt }).where(eq(auditEvents.id, row.id));
      head = { id: String(row.id), hash };
      prevHash = hash;
    }
    if (head !== null) {
      await tx
        .update(appMeta)
        .set({ value: head, updatedAt: new Date() })
        .where(eq(appMeta.key, AUDIT_HEAD_KEY));
    }
    return legacy.length;
  });
}
