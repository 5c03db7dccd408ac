import type { TExecution } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyEntries } from '../../db/schema';
import { buildWorkspace, createTestApp, type TestApp } from '../../test';
import { recordHistory } from './record-history';

let t: TestApp;
let workspaceId: string;
let userId: string;

beforeAll(async () => {
  t = await createTestApp();
  const built = await buildWorkspace(t);
  workspaceId = built.workspace.id;
  userId = built.owner.id;
});
afterAll(() => t.close());

const INLINE_MAX = 16;

function execution(body: string, bodyEncoding: 'utf8' | 'base64'): TExecution {
  return {
    itemId: 'x',
    name: 'x',
    path: [],
    iteration: 0,
    request: { method: 'GET', url: 'http://127.0.0.1:1/', headers: [] },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: '1.1',
      headers: [],
      cookies: [],
      body,
      bodyEncoding,
      size: 0,
      truncated: false,
      timings: { dns: 0, connect: 0, tls: 0, ttfb: 0, download: 0, total: 0 },
      redirects: [],
    },
    assertions: [],
    scriptFailures: [],
    console: [],
    warnings: [],
  };
}

async function stored(body: string, bodyEncoding: 'utf8' | 'base64') {
  const id = await recordHistory({
    db: t.ctx.db,
    storage: t.app.ctx.storage,
    inlineMax: INLINE_MAX,
    workspaceId,
    userId,
    execution: execution(body, bodyEncoding),
  });
  const [row] = await t.ctx.db.select().from(historyEntries).where(eq(historyEntries.id, id));
  return row;
}

describe('recordHistory body cap (bytes, not characters)', () => {
  it('keeps a body of exactly the cap inline and moves one byte more to storage', async () => {
    // 8 × 'é' is 16 bytes in 8 characters.
    expect(await stored('é'.repeat(8), 'utf8')).toMatchObject({ body: 'é'.repeat(8), bodyRef: null });
    const over = await stored(`${'é'.repeat(8)}a`, 'utf8');
    expect(over?.body).toBe('é'.repeat(8));
    expect(over?.bodyRef).not.toBeNull();
  });

  it('counts decoded bytes of a base64 body', async () => {
    const exact = Buffer.alloc(INLINE_MAX, 7).toString('base64');
    expect(await stored(exact, 'base64')).toMatchObject({ body: exact, bodyRef: null });
    const over = await stored(Buffer.alloc(INLINE_MAX + 1, 7).toString('base64'), 'base64');
    expect(over?.body).toBe(exact);
    expect(over?.bodyRef).not.toBeNull();
  });
});
