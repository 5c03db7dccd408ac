import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, emailTokens, mailMessages, users } from '../../db/schema';
import { buildUser, createTestApp, type TestApp } from '../../test';
import { linkIn, type SmtpSink, startSmtpSink } from '../../test/smtp-sink';

const PUBLIC_URL = 'http://app.test';

async function reasons(t: TestApp, action: string): Promise<string[]> {
  const rows = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.action, action));
  return rows.map((r) => String((r.meta as { reason?: unknown } | null)?.reason));
}

function tokenOf(link: string): string {
  return link.slice(link.indexOf('#token=') + '#token='.length);
}

describe('email through SMTP (smtp-server on loopback)', () => {
  let smtp: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startSmtpSink({ user: 'mailer', pass: 'mail-pass-123' });
    t = await createTestApp({
      env: { PUBLIC_URL, SMTP_URL: smtp.url, MAIL_FROM: 'Playground <pg@app.test>' },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('emails the invitation link, logging in with SMTP_URL’s credentials', async () => {
    const owner = await buildUser(t, { name: 'Olga' });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${owner.personalWorkspaceId}/invitations`,
      headers: owner.headers,
      payload: { email: 'guest@example.test', role: 'editor' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().emailed).toBe(true);
    const mail = await smtp.waitFor('guest@example.test');
    expect(mail.from?.text).toBe('"Playground" <pg@app.test>');
    expect(mail.subject).toContain("Olga's workspace");
    expect(linkIn(mail.text, PUBLIC_URL)).toBe(`${PUBLIC_URL}/invite/${res.json().token}`);
    expect(smtp.logins).toContain('mailer');
  });

  it('resets a password once with the emailed link and ends every session and access token', async () => {
    const user = await buildUser(t);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email: 'nobody-here@example.test' },
    });
    const known = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email: user.email },
    });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    const link = linkIn((await smtp.waitFor(user.email)).text, `${PUBLIC_URL}/reset-password#token=`);
    const token = tokenOf(link);

    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, newPassword: 'password' },
    });
    expect(weak.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, newPassword: 'a-brand-new-passphrase' },
    });
    expect(ok.statusCode, ok.body).toBe(204);
    // The old access token and refresh token are dead; the new password works.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: user.headers })).statusCode,
    ).toBe(401);
    const refresh = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: user.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: 'a-brand-new-passphrase' },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.emailVerified).toBe(true);

    const replay = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, newPassword: 'yet-another-passphrase' },
    });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.details).toEqual({ reason: 'used' });
    expect(await reasons(t, 'auth.password_reset_failed')).toContain('used');
  });

  it('refuses an expired or unknown reset token with 400 and an audit event', async () => {
    const user = await buildUser(t);
    await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: user.email } });
    const token = tokenOf(linkIn((await smtp.waitFor(user.email)).text, `${PUBLIC_URL}/reset-password`));
    await t.ctx.db
      .update(emailTokens)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(emailTokens.userId, user.id));
    const expired = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, newPassword: 'a-brand-new-passphrase' },
    });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.details).toEqual({ reason: 'expired' });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token: 'prt_not-a-real-token-at-all', newPassword: 'a-brand-new-passphrase' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(await reasons(t, 'auth.password_reset_failed')).toEqual(
      expect.arrayContaining(['expired', 'unknown']),
    );
    // The user's password did not change.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: user.password },
    });
    expect(login.statusCode).toBe(200);
  });

  it('keeps the invitation when SMTP is down and records mail.failed', async () => {
    const down = await createTestApp({ env: { PUBLIC_URL, SMTP_URL: 'smtp://127.0.0.1:9' } });
    try {
      const owner = await buildUser(down);
      const res = await down.app.inject({
        method: 'POST',
        url: `/api/workspaces/${owner.personalWorkspaceId}/invitations`,
        headers: owner.headers,
        payload: { email: 'guest@example.test', role: 'viewer' },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json().emailed).toBe(false);
      const failed = await down.ctx.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, 'mail.failed'));
      expect(failed).toHaveLength(1);
    } finally {
      await down.close();
    }
  });
});

describe('the dev mailbox (no SMTP_URL) and email verification', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    t = await createTestApp({
      env: { PUBLIC_URL, REQUIRE_EMAIL_VERIFICATION: 'true', LOG_LEVEL: 'info' },
      logStream: stream,
    });
  });
  afterAll(() => t.close());

  it('keeps messages for instance admins and logs their links', async () => {
    const owner = await buildUser(t);
    const invite = await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${owner.personalWorkspaceId}/invitations`,
      headers: owner.headers,
      payload: { email: 'kept@example.test', role: 'viewer' },
    });
    expect(invite.json().emailed).toBe(true);
    const link = `${PUBLIC_URL}/invite/${invite.json().token}`;
    expect(lines.some((l) => l.includes('dev mailbox') && l.includes(link))).toBe(true);
    const forbidden = await t.app.inject({ method: 'GET', url: '/api/admin/mail', headers: owner.headers });
    expect(forbidden.statusCode).toBe(403);
    await t.ctx.db.update(users).set({ isAdmin: true }).where(eq(users.id, owner.id));
    t.ctx.userCache.invalidate(owner.id);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/admin/mail?limit=1',
      headers: owner.headers,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ transport: 'dev', items: [{ to: 'kept@example.test' }] });
    expect(list.json().items[0].text).toContain(link);
  });

  it('gates invitation acceptance on a verified email (REQUIRE_EMAIL_VERIFICATION)', async () => {
    const owner = await buildUser(t);
    const reg = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'joiner@example.test', password: 'joiner-passphrase-1', name: 'Joiner' },
    });
    expect(reg.statusCode).toBe(201);
    expect(reg.json().user.emailVerified).toBe(false);
    const joiner = { authorization: `Bearer ${reg.json().accessToken}` };
    const invite = await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${owner.personalWorkspaceId}/invitations`,
      headers: owner.headers,
      payload: { email: 'joiner@example.test', role: 'editor' },
    });
    const accept = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/invitations/${invite.json().token}/accept`,
        headers: joiner,
      });
    const refused = await accept();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.details).toEqual({ reason: 'email_unverified' });
    expect(await reasons(t, 'invitation.accept_refused')).toEqual(['email_unverified']);

    const [kept] = await t.ctx.db
      .select()
      .from(mailMessages)
      .where(eq(mailMessages.subject, 'Confirm your email address'));
    const token = tokenOf(linkIn(kept?.text, `${PUBLIC_URL}/verify-email#token=`));
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/verify-email',
      payload: { token: 'evt_wrong-token-123' },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token } });
    expect(ok.statusCode).toBe(204);
    const replay = await t.app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token } });
    expect(replay.statusCode).toBe(400);
    expect(await reasons(t, 'auth.email_verification_failed')).toEqual(
      expect.arrayContaining(['unknown', 'used']),
    );
    expect((await accept()).statusCode).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/verify-email/send', headers: joiner });
    expect(again.statusCode).toBe(409);
  });
});
