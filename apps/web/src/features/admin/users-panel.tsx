import type { TAdminUser } from '@apiplay/core';
import { useState } from 'react';
import { useAdminUserMutations, useAdminUsers } from '../../api/hooks/admin';
import { Button } from '../../components/ui/button';
import { Field, Input, Select } from '../../components/ui/input';
import { useAuthStore } from '../../stores/auth-store';
import { toast } from '../../stores/toast-store';
import { DeleteUserDialog } from './delete-user-dialog';

const PAGE = 25;
type Status = 'all' | 'active' | 'disabled' | 'admin';

/** Users: search, status filter, paging; disable/enable, promote/demote, delete. */
export function UsersPanel() {
  const me = useAuthStore((s) => s.user);
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<Status>('all');
  const [offset, setOffset] = useState(0);
  const [deleting, setDeleting] = useState<TAdminUser | null>(null);
  const users = useAdminUsers({ q, status, offset, limit: PAGE });
  const { update } = useAdminUserMutations();
  const total = users.data?.total ?? 0;
  const change = async (u: TAdminUser, patch: { active?: boolean; isAdmin?: boolean }, done: string) => {
    await update.mutateAsync({ id: u.id, patch });
    toast.success(done);
  };
  return (
    <section aria-label="Users" className="flex flex-col gap-3">
      <div className="flex items-end gap-2">
        <Field label="Search">
          <Input
            type="search"
            value={q}
            placeholder="email or name"
            onChange={(e) => {
              setQ(e.target.value);
              setOffset(0);
            }}
          />
        </Field>
        <Field label="Show">
          <Select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as Status);
              setOffset(0);
            }}
          >
            <option value="all">All users</option>
            <option value="active">Active</option>
            <option value="disabled">Disabled</option>
            <option value="admin">Admins</option>
          </Select>
        </Field>
        <span className="ml-auto text-sm text-zinc-500 dark:text-zinc-400" role="status">
          {total} user{total === 1 ? '' : 's'}
        </span>
      </div>
      <table className="w-full text-sm" aria-label="Users">
        <thead>
          <tr className="text-left text-xs text-zinc-500 dark:text-zinc-400">
            <th>Name</th>
            <th>Email</th>
            <th>Status</th>
            <th>Workspaces</th>
            <th>Since</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.data?.items.map((u) => (
            <tr
              key={u.id}
              className="border-t border-zinc-200 dark:border-zinc-800"
              data-testid="admin-user-row"
            >
              <td className="py-1">{u.name}</td>
              <td>{u.email}</td>
              <td>
                {u.active ? 'active' : 'disabled'}
                {u.isAdmin ? ` · admin${u.adminFromEnv ? ' (ADMIN_EMAILS)' : ''}` : ''}
              </td>
              <td>{u.workspaces}</td>
              <td>{new Date(u.createdAt).toLocaleDateString()}</td>
              <td className="flex justify-end gap-1 py-1">
                {u.id === me?.id ? (
                  <span className="text-xs text-zinc-500 dark:text-zinc-400">you</span>
                ) : (
                  <>
                    <Button
                      size="sm"
                      onClick={() =>
                        change(
                          u,
                          { active: !u.active },
                          u.active ? `${u.email} disabled` : `${u.email} enabled`,
                        )
                      }
                    >
                      {u.active ? 'Disable' : 'Enable'}
                    </Button>
                    {u.adminFromEnv ? null : (
                      <Button
                        size="sm"
                        onClick={() =>
                          change(
                            u,
                            { isAdmin: !u.isAdmin },
                            u.isAdmin ? `${u.email} demoted` : `${u.email} promoted`,
                          )
                        }
                      >
                        {u.isAdmin ? 'Demote' : 'Make admin'}
                      </Button>
                    )}
                    <Button size="sm" variant="ghost" onClick={() => setDeleting(u)}>
                      Delete…
                    </Button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex items-center gap-2 text-sm">
        <Button size="sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          Previous
        </Button>
        <span>
          {total === 0 ? 0 : offset + 1}–{Math.min(offset + PAGE, total)} of {total}
        </span>
        <Button size="sm" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
          Next
        </Button>
      </div>
      {deleting ? <DeleteUserDialog user={deleting} onClose={() => setDeleting(null)} /> : null}
    </section>
  );
}
