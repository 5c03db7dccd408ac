import type { TAuditVerifyResult } from '@apiplay/core';
import { createAuditChainVerifier } from '@apiplay/core/audit-chain';
import { asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appMeta, auditEvents } from '../../db/schema';
import { AUDIT_HEAD_KEY, type AuditHead } from './record-audit';

const BATCH = 2000;

/** Walks the whole audit trail in id order and reports edited, unsealed and missing events (see core's verifier). */
export async function verifyAuditChain(opts: { db: Db }): Promise<TAuditVerifyResult> {
  const { db } = opts;
  const [headRow] = await db.select().from(appMeta).where(eq(appMeta.key, AUDIT_HEAD_KEY));
  const value = headRow?.value as Partial<AuditHead> | undefined;
  const head =
    typeof value?.id === 'string' && typeof value.hash === 'string'
      ? { id: value.id, hash: value.hash }
      : null;
  const verifier = createAuditChainVerifier({ fromGenesis: true });
  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, after))
      .orderBy(asc(auditEvents.id))
      .limit(BATCH);
    for (const row of rows) {
      verifier.add({ ...row, id: String(row.id), createdAt: row.createdAt.toISOString() });
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < BATCH) {
      break;
    }
    after = last.id;
  }
  const { checked, problems } = verifier.finish(head);
  return { ok: problems.length === 0, checked, head, problems };
}
