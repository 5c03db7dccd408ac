import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/api-error';
import { useEmailLinks } from '../api/hooks/auth';
import { useAcceptInvitation } from '../api/hooks/members';
import { Button } from '../components/ui/button';

export function AcceptInvitePage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const acceptMutation = useAcceptInvitation();
  const { sendVerification } = useEmailLinks();
  const error = acceptMutation.error;
  // REQUIRE_EMAIL_VERIFICATION: the server refuses until the address is verified; offer the link.
  const needsVerification =
    error instanceof ApiError &&
    (error.details as { reason?: unknown } | undefined)?.reason === 'email_unverified';
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
        <p className="text-sm text-zinc-500 dark:text-zinc-400">You have been invited to a workspace.</p>
        <Button variant="primary" disabled={busy} onClick={accept}>
          Accept invitation
        </Button>
        {needsVerification ? (
          <div className="flex flex-col gap-2 text-sm" role="status">
            <p>{error.message}. Open the link we email you, then accept again.</p>
            {sendVerification.isSuccess ? (
              <p>A verification link is on its way.</p>
            ) : (
              <Button disabled={sendVerification.isPending} onClick={() => sendVerification.mutate()}>
                Email me a verification link
              </Button>
            )}
          </div>
        ) : null}
      </div>
    </main>
  );
}
