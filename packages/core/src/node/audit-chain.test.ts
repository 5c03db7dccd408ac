import { describe, expect, it } from 'vitest';
import {
  AUDIT_CHAIN_GENESIS,
  type AuditChainRow,
  auditEventHash,
  createAuditChainVerifier,
} from './audit-chain';

function chain(n: number): AuditChainRow[] {
  const rows: AuditChainRow[] = [];
  let prev = AUDIT_CHAIN_GENESIS;
  for (let i = 1; i <= n; i++) {
    const content = {
      action: 'item.updated',
      actorId: null,
      subjectUserId: null,
      workspaceId: null,
      targetType: 'item',
      targetId: `t${i}`,
      ip: '127.0.0.1',
      meta: { z: i, a: { nested: [1, 'two', null] } },
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    };
    const hash = auditEventHash(prev, content);
    rows.push({ ...content, id: String(i), prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

function verify(rows: AuditChainRow[], fromGenesis = true, head?: { id: string; hash: string }) {
  const v = createAuditChainVerifier({ fromGenesis });
  for (const r of rows) {
    v.add(r);
  }
  return v.finish(head);
}

describe('audit chain', () => {
  it('hashes canonical JSON: key order inside meta does not matter, values do', () => {
    const base = chain(1)[0];
    if (base === undefined) {
      throw new Error('no row');
    }
    const reordered = { ...base, meta: { a: { nested: [1, 'two', null] }, z: 1 } };
    expect(auditEventHash(AUDIT_CHAIN_GENESIS, reordered)).toBe(base.hash);
    expect(
      auditEventHash(AUDIT_CHAIN_GENESIS, { ...base, meta: { z: 2, a: { nested: [1, 'two', null] } } }),
    ).not.toBe(base.hash);
    expect(auditEventHash('other', base)).not.toBe(base.hash);
  });

  it('accepts an intact chain and names edits, gaps, a missing first event and a missing last one', () => {
    const rows = chain(5);
    const last = rows[4];
    if (last?.hash == null) {
      throw new Error('no row');
    }
    const head = { id: last.id, hash: last.hash };
    expect(verify(rows, true, head)).toEqual({ checked: 5, problems: [] });
    const edited = rows.map((r) => (r.id === '3' ? { ...r, ip: '10.0.0.1' } : r));
    expect(verify(edited, true, head).problems).toEqual([
      expect.objectContaining({ id: '3', kind: 'edited' }),
    ]);
    expect(
      verify(
        rows.filter((r) => r.id !== '2'),
        true,
        head,
      ).problems,
    ).toEqual([expect.objectContaining({ id: '3', kind: 'gap' })]);
    expect(verify(rows.slice(1), true, head).problems).toEqual([
      expect.objectContaining({ id: '2', kind: 'gap' }),
    ]);
    expect(verify(rows.slice(1), false).problems).toEqual([]);
    expect(verify(rows.slice(0, 4), true, head).problems).toEqual([
      expect.objectContaining({ id: '5', kind: 'gap' }),
    ]);
    expect(verify(rows.map((r) => (r.id === '4' ? { ...r, hash: null } : r))).problems[0]).toMatchObject({
      id: '4',
      kind: 'unsealed',
    });
  });

  it('refuses values canonical JSON cannot hold', () => {
    const base = chain(1)[0];
    if (base === undefined) {
      throw new Error('no row');
    }
    expect(() => auditEventHash(AUDIT_CHAIN_GENESIS, { ...base, meta: { bad: 'a\ud800b' } })).toThrow();
  });
});
