import type { TCreateInvitationRequest, TWorkspaceRole } from '@apiplay/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useInvitations, useMemberMutations, useMembers } from '../../api/hooks/members';
import { Button } from '../../components/ui/button';
import { Field, Input, Select } from '../../components/ui/input';
import { useAuthStore } from '../../stores/auth-store';
import { toast } from '../../stores/toast-store';
import { atLeast, useRole } from '../workspace/use-role';

const roles: TWorkspaceRole[] = ['owner', 'admin', 'editor', 'viewer'];

/** Members with their roles, invitations; admins manage, everyone else reads. */
export function MembersPage() {
  const { wid = '' } = useParams();
  const role = useRole(wid);
  const me = useAuthStore((s) => s.user?.id);
  const members = useMembers(wid);
  const { invite, setRole, remove } = useMemberMutations(wid);
  const canManage = atLeast(role, 'admin');
  const invitations = useInvitations(wid, canManage);
  const [email, setEmail] = useState('');
  const [inviteRole, setInviteRole] = useState<TCreateInvitationRequest['role']>('editor');
  const [link, setLink] = useState<string | null>(null);

  return (
    <div className="flex max-w-3xl flex-col gap-6 p-4">
      <section aria-labelledby="members-h">
        <h1 id="members-h" className="mb-2 text-lg font-semibold">
          Members
        </h1>
        <table className="w-full text-sm" aria-label="Members">
          <thead>
            <tr className="text-left text-xs text-zinc-500">
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {members.data?.map((m) => (
              <tr key={m.userId} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-1">{m.name}</td>
                <td>{m.email}</td>
                <td>
                  {canManage && m.userId !== me ? (
                    <Select
                      aria-label={`Role of ${m.email}`}
                      value={m.role}
                      onChange={(e) =>
                        setRole.mutate({ userId: m.userId, role: e.target.value as TWorkspaceRole })
                      }
                    >
                      {roles.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </Select>
                  ) : (
                    m.role
                  )}
                </td>
                <td>
                  {canManage && m.userId !== me ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => {
                        if (window.confirm(`Remove ${m.email}?`)) {
                          remove.mutate(m.userId);
                        }
                      }}
                    >
                      Remove
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {canManage ? (
        <section aria-labelledby="invite-h" className="flex flex-col gap-2">
          <h2 id="invite-h" className="font-semibold">
            Invite someone
          </h2>
          <form
            className="flex items-end gap-2"
            onSubmit={async (e) => {
              e.preventDefault();
              const inv = await invite.mutateAsync({ email, role: inviteRole });
              setEmail('');
              setLink(`${window.location.origin}/invite/${inv.token}`);
              toast.success(`Invitation created for ${inv.email}`);
            }}
          >
            <Field label="Email">
              <Input
                type="email"
                aria-label="Invite email"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </Field>
            <Field label="Role">
              <Select
                aria-label="Invite role"
                value={inviteRole}
                onChange={(e) => setInviteRole(e.target.value as TCreateInvitationRequest['role'])}
              >
                <option value="admin">admin</option>
                <option value="editor">editor</option>
                <option value="viewer">viewer</option>
              </Select>
            </Field>
            <Button type="submit" variant="primary" disabled={invite.isPending}>
              Invite
            </Button>
          </form>
          {link ? (
            <p className="text-sm" data-testid="invite-link">
              Share this link (shown once): <code className="break-all">{link}</code>
            </p>
          ) : null}
          {invitations.data?.length ? (
            <table className="w-full text-sm" aria-label="Pending invitations">
              <tbody>
                {invitations.data.map((i) => (
                  <tr key={i.id} className="border-t border-zinc-200 dark:border-zinc-800">
                    <td className="py-1">{i.email}</td>
                    <td>{i.role}</td>
                    <td className="text-zinc-500">expires {new Date(i.expiresAt).toLocaleDateString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : (
        <p className="text-sm text-zinc-500">Only admins and owners can invite people or change roles.</p>
      )}
    </div>
  );
}
