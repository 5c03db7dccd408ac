import { randomBytes } from 'node:crypto';
import type { TWorkspaceRole } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../context';
import { users, workspaceMembers } from '../db/schema';
import { hashPassword } from '../lib/passwords';
import { issueTokens } from '../services/auth/issue-tokens';
import { createWorkspace, type WorkspaceRow } from '../services/workspaces/create-workspace';
import type { TestApp } from './test-app';

/** Default password of factory users. */
export const TEST_PASSWORD = 'factory-password-7c1d';
let testHash: Promise<string> | undefined;

export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  /** The personal workspace created like registration does. */
  personalWorkspaceId: string;
  /** `{ authorization: 'Bearer <accessToken>' }` for `app.inject`. */
  headers: { authorization: string };
}

type HasCtx = { ctx: AppContext };

/**
 * Creates a user (with a personal workspace, as registration does) straight in the database and issues real
 * tokens. Much faster than POST /api/auth/register (the argon2 hash is computed once per process).
 */
export async function buildUser(
  t: HasCtx,
  overrides: { email?: string; name?: string } = {},
): Promise<TestUser> {
  const suffix = randomBytes(5).toString('hex');
  const email = (overrides.email ?? `user-${suffix}@example.test`).toLowerCase();
  const name = overrides.name ?? `User ${suffix}`;
  testHash ??= hashPassword(TEST_PASSWORD);
  const [user] = await t.ctx.db
    .insert(users)
    .values({ email, name, passwordHash: await testHash })
    .returning();
  if (user === undefined) {
    throw new Error('user insert returned nothing');
  }
  const ws = await createWorkspace({
    db: t.ctx.db,
    userId: user.id,
    name: `${name}'s workspace`,
    kind: 'personal',
  });
  const tokens = await issueTokens({ ctx: t.ctx, userId: user.id });
  return {
    id: user.id,
    email,
    name,
    password: TEST_PASSWORD,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    personalWorkspaceId: ws.id,
    headers: { authorization: `Bearer ${tokens.accessToken}` },
  };
}

/** Creates a team workspace owned by `owner` (a new user when omitted). */
export async function buildWorkspace(
  t: HasCtx,
  opts: { owner?: TestUser; name?: string } = {},
): Promise<{ workspace: WorkspaceRow; owner: TestUser }> {
  const owner = opts.owner ?? (await buildUser(t));
  const workspace = await createWorkspace({
    db: t.ctx.db,
    userId: owner.id,
    name: opts.name ?? 'Test workspace',
  });
  return { workspace, owner };
}

/** Adds `user` (a new user when omitted) to the workspace with `role`; returns the user. */
export async function addMember(
  t: HasCtx,
  workspaceId: string,
  role: TWorkspaceRole,
  user?: TestUser,
): Promise<TestUser> {
  const u = user ?? (await buildUser(t));
  await t.ctx.db
    .insert(workspaceMembers)
    .values({ workspaceId, userId: u.id, role })
    .onConflictDoUpdate({ target: [workspaceMembers.workspaceId, workspaceMembers.userId], set: { role } });
  t.ctx.memberships.invalidate(workspaceId); // it may change an existing member's role
  return u;
}

/** Reads a user's row (assertions on stored state). */
export async function getUserRow(t: HasCtx, id: string) {
  const rows = await t.ctx.db.select().from(users).where(eq(users.id, id));
  return rows[0];
}

/** Makes a user an instance administrator (as the first sign-up or ADMIN_EMAILS would). */
export async function makeAdmin(t: HasCtx, user: TestUser): Promise<TestUser> {
  await t.ctx.db.update(users).set({ isAdmin: true }).where(eq(users.id, user.id));
  t.ctx.userCache.invalidate(user.id);
  return user;
}

/** Creates an API key for `user` through the API (signed in as them) and returns the `apk_…` secret. */
export async function buildApiKey(
  t: Pick<TestApp, 'app'>,
  user: TestUser,
  input: { scopes?: string[]; workspaceId?: string; name?: string } = {},
): Promise<{ id: string; key: string; headers: { authorization: string } }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/api-keys',
    headers: user.headers,
    payload: { name: input.name ?? 'test key', ...input },
  });
  if (res.statusCode !== 201) {
    throw new Error(`api key create failed: ${res.statusCode} ${res.body}`);
  }
  const body = res.json() as { id: string; key: string };
  return { id: body.id, key: body.key, headers: { authorization: `Bearer ${body.key}` } };
}
