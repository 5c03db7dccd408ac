import type { TAdminUserList, TAdminUserQuery } from '@apiplay/core';
import { and, asc, count, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { users, workspaceMembers } from '../../db/schema';
import { presentAdminUser } from '../../presenters/admin-users';

/** `%`, `_` and `\` match themselves in the search text. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Users for the admin panel: search in email and name, filter by status, oldest first, offset paging. */
export async function listUsers(opts: {
  ctx: Pick<AppContext, 'db' | 'config'>;
  query: TAdminUserQuery;
}): Promise<TAdminUserList> {
  const { ctx, query } = opts;
  const conds: SQL[] = [];
  if (query.q !== undefined && query.q !== '') {
    const pattern = likePattern(query.q);
    const match = or(ilike(users.email, pattern), ilike(users.name, pattern));
    if (match !== undefined) {
      conds.push(match);
    }
  }
  if (query.status === 'active') {
    conds.push(eq(users.active, true));
  } else if (query.status === 'disabled') {
    conds.push(eq(users.active, false));
  } else if (query.status === 'admin') {
    const envAdmins = ctx.config.adminEmails;
    conds.push(
      envAdmins.length === 0
        ? eq(users.isAdmin, true)
        : (or(eq(users.isAdmin, true), inArray(users.email, envAdmins)) ?? eq(users.isAdmin, true)),
    );
  }
  const where = conds.length === 0 ? undefined : and(...conds);
  const [total] = await ctx.db.select({ n: count() }).from(users).where(where);
  const rows = await ctx.db
    .select({
      user: users,
      workspaces: sql<number>`(select count(*) from ${workspaceMembers} where ${workspaceMembers.userId} = ${users.id})::int`,
    })
    .from(users)
    .where(where)
    .orderBy(asc(users.createdAt), asc(users.id))
    .offset(query.offset)
    .limit(query.limit);
  return {
    items: rows.map((r) => presentAdminUser(ctx.config, r.user, Number(r.workspaces))),
    total: Number(total?.n ?? 0),
  };
}
