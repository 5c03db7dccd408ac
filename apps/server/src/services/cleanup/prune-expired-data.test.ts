import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs, refreshTokens, revokedTokens, runExecutions, runs, sessions } from '../../db/schema';
import { buildUser, createTestApp, type TestApp } from '../../test';

// The scheduled cleanup (`history-cleanup` job) prunes what ended longer ago than its configured retention and
// leaves everything else, in particular queued and running work and live sessions.

let t: TestApp;
const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

beforeAll(async () => {
  t = await createTestApp({
    env: { SESSION_RETENTION_DAYS: '10', JOB_RETENTION_DAYS: '3', RUN_RETENTION_DAYS: '20' },
  });
});
afterAll(() => t.close());

async function ids<T extends { id: string }>(rows: Promise<T[]>): Promise<string[]> {
  return (await rows).map((r) => r.id);
}

describe('scheduled cleanup', () => {
  it('deletes ended sessions, expired blacklist entries, finished jobs and runs past retention; keeps the rest', async () => {
    const user = await buildUser(t);
    const { workspaceId, userId } = { workspaceId: user.personalWorkspaceId, userId: user.id };
    const db = t.ctx.db;
    const [live] = await db
      .select()
      .from(sessions)
      .where(inArray(sessions.userId, [userId]));
    const made = await db
      .insert(sessions)
      .values([
        { userId, revokedAt: ago(11), revokedReason: 'logout' }, // revoked past retention → gone
        { userId, revokedAt: ago(2), revokedReason: 'logout' }, // revoked recently → kept
        { userId, lastUsedAt: ago(7 + 11) }, // idle past refresh lifetime + retention → gone
        { userId, lastUsedAt: ago(7 + 9) }, // idle, but within → kept
      ])
      .returning();
    const [oldRevoked, newRevoked, oldIdle, newIdle] = made.map((s) => s.id);
    await db
      .insert(refreshTokens)
      .values({ sessionId: oldIdle ?? '', tokenHash: 'old-idle', expiresAt: ago(11) });
    await db.insert(revokedTokens).values([
      { jti: 'expired-jti', expiresAt: ago(0.01) },
      { jti: 'live-jti', expiresAt: new Date(Date.now() + DAY) },
    ]);
    const jobRows = await db
      .insert(jobs)
      .values([
        { workspaceId, userId, type: 'execute', status: 'completed', finishedAt: ago(4) }, // gone
        { workspaceId, userId, type: 'execute', status: 'failed', finishedAt: ago(4) }, // gone
        { workspaceId, userId, type: 'execute', status: 'completed', finishedAt: ago(1) }, // kept
        { workspaceId, userId, type: 'run', status: 'queued', createdAt: ago(30) }, // never touched
      ])
      .returning();
    const run = (status: 'passed' | 'running' | 'aborted', days: number) => ({
      workspaceId,
      collectionId: workspaceId,
      collectionName: 'c',
      status,
      options: {},
      createdAt: ago(days),
      ...(status === 'running' ? {} : { finishedAt: ago(days) }),
    });
    const runRows = await db
      .insert(runs)
      .values([run('passed', 21), run('aborted', 25), run('passed', 5), run('running', 40)])
      .returning();
    await db.insert(runExecutions).values({ runId: runRows[0]?.id ?? '', seq: 0, execution: {} as never });

    await t.ctx.enqueue({ type: 'history-cleanup', workspaceId: null, userId: null, payload: {} });
    await t.ctx.jobs.drain();

    const remainingSessions = await ids(
      db
        .select()
        .from(sessions)
        .where(inArray(sessions.userId, [userId])),
    );
    expect(remainingSessions.sort()).toEqual([live?.id, newRevoked, newIdle].sort());
    expect(remainingSessions).not.toContain(oldRevoked);
    expect(
      await db
        .select()
        .from(refreshTokens)
        .where(inArray(refreshTokens.tokenHash, ['old-idle'])),
    ).toEqual([]);
    expect((await db.select().from(revokedTokens)).map((r) => r.jti)).toEqual(['live-jti']);
    const remainingJobs = await ids(
      db
        .select()
        .from(jobs)
        .where(
          inArray(
            jobs.id,
            jobRows.map((j) => j.id),
          ),
        ),
    );
    expect(remainingJobs.sort()).toEqual([jobRows[2]?.id, jobRows[3]?.id].sort());
    const remainingRuns = await ids(
      db
        .select()
        .from(runs)
        .where(
          inArray(
            runs.id,
            runRows.map((r) => r.id),
          ),
        ),
    );
    expect(remainingRuns.sort()).toEqual([runRows[2]?.id, runRows[3]?.id].sort());
    expect(
      await db
        .select()
        .from(runExecutions)
        .where(inArray(runExecutions.runId, [runRows[0]?.id ?? ''])),
    ).toEqual([]);
    // The live session still refreshes.
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: user.refreshToken },
    });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
  });

  it('rejects retention settings that are not whole days ≥ 1, naming the setting', async () => {
    const { loadConfig } = await import('../../config/env');
    expect(() => loadConfig({ RUN_RETENTION_DAYS: '0' })).toThrow(/RUN_RETENTION_DAYS/);
    expect(() => loadConfig({ JOB_RETENTION_DAYS: 'soon' })).toThrow(/JOB_RETENTION_DAYS/);
  });
});
