import type { TMailList } from '@apiplay/core';
import { desc, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { mailMessages } from '../../db/schema';
import { requireInstanceAdmin } from '../auth/require-instance-admin';

/** The dev mailbox, newest first, for instance admins (the admin panel shows it). */
export async function listMail(opts: {
  ctx: Pick<AppContext, 'db' | 'mailer' | 'userCache' | 'config'>;
  actorId: string;
  limit: number;
  before?: string | undefined;
}): Promise<TMailList> {
  await requireInstanceAdmin(opts.ctx, opts.actorId);
  // The cursor is the last message's id; comparing (created_at, id) in SQL keeps PostgreSQL's microseconds.
  const cursor = opts.before !== undefined && /^[0-9a-f-]{36}$/.test(opts.before) ? opts.before : null;
  const rows = await opts.ctx.db
    .select()
    .from(mailMessages)
    .where(
      cursor === null
        ? undefined
        : sql`(${mailMessages.createdAt}, ${mailMessages.id}) < (select m.created_at, m.id from mail_messages m where m.id = ${cursor})`,
    )
    .orderBy(desc(mailMessages.createdAt), desc(mailMessages.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  return {
    items: page.map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      text: m.text,
      createdAt: m.createdAt.toISOString(),
    })),
    nextCursor: rows.length > opts.limit && last !== undefined ? last.id : null,
    transport: opts.ctx.mailer.kind,
  };
}
