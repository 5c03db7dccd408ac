import type { TAdminUser } from '@apiplay/core';
import { useState } from 'react';
import { useAdminUserMutations, useAdminUsers, useOwnedWorkspaces } from '../../api/hooks/admin';
import { Button } from '../../components/ui/button';
import { Dialog } from '../../components/ui/dialog';
import { Field, Input, Select } from '../../components/ui/input';
import { toast } from '../../stores/toast-store';

/**
 * Deleting a user asks what becomes of the workspaces only they own: deleted with them, or handed to another
 * user (found by search) as owner. The list of those workspaces is shown before anything happens.
 */
export function DeleteUserDialog({ user, onClose }: { user: TAdminUser; onClose: () => void }) {
  const owned = useOwnedWorkspaces(user.id);
  const [choice, setChoice] = useState<'delete' | 'transfer'>('delete');
  const [search, setSearch] = useState('');
  const [heir, setHeir] = useState('');
  const candidates = useAdminUsers({ q: search, status: 'active', offset: 0, limit: 10 });
  const { remove } = useAdminUserMutations();
  const workspaces = owned.data ?? [];
  return (
    <Dialog open onClose={onClose} title={`Delete ${user.email}`}>
      <form
        className="flex flex-col gap-3"
        onSubmit={async (e) => {
          e.preventDefault();
          const res = await remove.mutateAsync({
            id: user.id,
            body:
              choice === 'transfer' ? { workspaces: 'transfer', transferTo: heir } : { workspaces: 'delete' },
          });
          toast.success(
            `${user.email} deleted; ${res.deletedWorkspaces.length} workspace(s) deleted, ${res.transferredWorkspaces.length} transferred`,
          );
          onClose();
        }}
      >
        <p className="text-sm">
          Their sessions and API keys end at once. They leave every workspace they share with others.
        </p>
        {workspaces.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">They are the only owner of no workspace.</p>
        ) : (
          <>
            <p className="text-sm">They are the only owner of:</p>
            <ul className="list-disc pl-5 text-sm" aria-label="Workspaces only they own">
              {workspaces.map((w) => (
                <li key={w.id}>
                  {w.name} ({w.kind}, {w.members} member{w.members === 1 ? '' : 's'})
                </li>
              ))}
            </ul>
            <fieldset className="flex flex-col gap-1 text-sm">
              <legend className="font-medium">These workspaces</legend>
              <label className="flex items-center gap-2">
                <input type="radio" checked={choice === 'delete'} onChange={() => setChoice('delete')} />
                Delete them, with everything in them
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" checked={choice === 'transfer'} onChange={() => setChoice('transfer')} />
                Transfer them to another user, as owner
              </label>
            </fieldset>
            {choice === 'transfer' ? (
              <div className="flex items-end gap-2">
                <Field label="Find user">
                  <Input
                    value={search}
                    onChange={(e) => setSearch(e.target.value)}
                    placeholder="email or name"
                  />
                </Field>
                <Field label="New owner">
                  <Select required value={heir} onChange={(e) => setHeir(e.target.value)}>
                    <option value="">Choose…</option>
                    {candidates.data?.items
                      .filter((c) => c.id !== user.id)
                      .map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.email}
                        </option>
                      ))}
                  </Select>
                </Field>
              </div>
            ) : null}
          </>
        )}
        <div className="flex justify-end gap-2">
          <Button type="button" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            variant="primary"
            disabled={remove.isPending || (choice === 'transfer' && !heir)}
          >
            Delete user
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
