import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { TAuditVerifyResult } from '@apiplay/core';
import { type AuditChainRow, createAuditChainVerifier } from '@apiplay/core/audit-chain';
import { pgliteDataDir } from '../db/client';
import { verifyAuditChain } from '../services/audit/verify-audit-chain';
import { openInstallationDatabase } from './open-installation';
import { type AdminCommand, AdminExit, AdminUsageError } from './types';

function parse(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: false,
      options: { file: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
  } catch (e) {
    throw new AdminUsageError(e instanceof Error ? e.message : String(e));
  }
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** One line of a JSONL export as a chain row; a line that is not an event is reported, not skipped. */
function exportRow(line: string, n: number): AuditChainRow {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error(`line ${n}: not JSON`);
  }
  if (typeof value !== 'object' || value === null) {
    throw new Error(`line ${n}: not an audit event`);
  }
  const e = value as Record<string, unknown>;
  const id = text(e.id);
  const action = text(e.action);
  const createdAt = text(e.createdAt);
  if (id === null || action === null || createdAt === null) {
    throw new Error(`line ${n}: not an audit event (id, action and createdAt are required)`);
  }
  const meta = e.meta;
  return {
    id,
    action,
    actorId: text(e.actorId),
    subjectUserId: text(e.subjectUserId),
    workspaceId: text(e.workspaceId),
    targetType: text(e.targetType),
    targetId: text(e.targetId),
    ip: text(e.ip),
    meta:
      typeof meta === 'object' && meta !== null && !Array.isArray(meta)
        ? (meta as Record<string, unknown>)
        : null,
    createdAt,
    prevHash: text(e.prevHash),
    hash: text(e.hash),
  };
}

/** Checks an export file (`GET /api/admin/audit/export?format=jsonl`) without the database. */
async function verifyFile(path: string): Promise<TAuditVerifyResult> {
  // An export may start mid-chain (filtered by date): its first event's link is taken as given.
  const verifier = createAuditChainVerifier({ fromGenesis: false });
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (line.trim() !== '') {
      verifier.add(exportRow(line, n));
    }
  }
  const { checked, problems } = verifier.finish();
  return { ok: problems.length === 0, checked, head: null, problems };
}

export const verifyAuditCommand: AdminCommand = {
  name: 'verify-audit',
  summary:
    "check the audit log's hash chain: reports events edited, deleted or re-ordered after they were written",
  usage:
    '[--file <export.jsonl>] [--json]\n\n' +
    '  Walks every audit event of the installation in order and recomputes its hash from the previous one; an\n' +
    '  edited event fails its own hash, a deleted one breaks the link of the next, a deleted newest one no longer\n' +
    '  matches the chain head the server keeps. --file checks a JSONL export instead (offline; an export filtered\n' +
    '  by date is checked from its first event on). Exit code 0: intact, 1: problems found.',
  async run(args, { config, io }) {
    const { values } = parse(args);
    let result: TAuditVerifyResult;
    if (values.file !== undefined) {
      const path = resolve(values.file);
      if (!existsSync(path)) {
        io.err(`error: --file: ${path} does not exist`);
        return AdminExit.FAILED;
      }
      try {
        result = await verifyFile(path);
      } catch (e) {
        io.err(`error: ${values.file}: ${e instanceof Error ? e.message : String(e)}`);
        return AdminExit.FAILED;
      }
    } else {
      if (config.embedded && !existsSync(pgliteDataDir(config.dataDir))) {
        io.err(
          `error: DATA_DIR: no embedded database in ${config.dataDir} (set DATA_DIR, or DATABASE_URL for PostgreSQL)`,
        );
        return AdminExit.FAILED;
      }
      const database = await openInstallationDatabase(config);
      try {
        result = await verifyAuditChain({ db: database.db });
      } finally {
        await database.close();
      }
    }
    if (values.json) {
      io.out(JSON.stringify(result));
    } else {
      for (const p of result.problems) {
        io.out(`${p.kind}: ${p.message}`);
      }
      io.out(
        result.ok
          ? `audit chain intact: ${result.checked} events checked`
          : `audit chain BROKEN: ${result.problems.length} problem(s) in ${result.checked} events`,
      );
    }
    return result.ok ? AdminExit.OK : AdminExit.FAILED;
  },
};
