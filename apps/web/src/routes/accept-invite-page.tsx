import { useNavigate, useParams } from 'react-router';
import { useAcceptInvitation } from '../api/hooks/members';
import { Button } from '../components/ui/button';

export function AcceptInvitePage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const acceptMutation = useAcceptInvitation();
  const busy = acceptMutation.isPending || acceptMutation.isSuccess;
  const accept = async () => {
    try {
      // The server answers with the joined workspace.
      const workspace = await acceptMutation.mutateAsync(token);
      navigate(`/w/${workspace.id}`, { replace: true });
    } catch {
      // The client showed the server's message.
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
