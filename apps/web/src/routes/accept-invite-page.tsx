import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../api/instance';
import { qk } from '../api/query-keys';
import { Button } from '../components/ui/button';

export function AcceptInvitePage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const accept = async () => {
    setBusy(true);
    try {
      const res = await api.post<{ id?: string; workspaceId?: string; workspace?: { id: string } }>(
        `/api/invitations/${encodeURIComponent(token)}/accept`,
      );
      await qc.invalidateQueries({ queryKey: qk.workspaces });
      // The server answers with the joined workspace.
      const wid = res?.id ?? res?.workspaceId ?? res?.workspace?.id;
      navigate(wid ? `/w/${wid}` : '/', { replace: true });
    } catch {
      setBusy(false);
    }
  };
  return (
    <main className="flex min-h-full items-center justify-center p-4">
      <div className="flex max-w-sm flex-col gap-3 rounded-lg border border-zinc-200 p-6 dark:border-zinc-800">
        <h1 className="text-lg font-semibold">Join workspace</h1>
        <p className="text-sm text-zinc-500">You have been invited to a workspace.</p>
        <Button variant="primary" disabled={busy} onClick={accept}>
          Accept invitation
        </Button>
      </div>
    </main>
  );
}
