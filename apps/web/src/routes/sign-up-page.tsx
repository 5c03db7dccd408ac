import { usePublicSettings } from '../api/hooks/settings';
import { AuthForm } from './auth-form';

const policyNotes = {
  'invite-only': 'Sign-up on this instance is by invitation: use the address your invitation was sent to.',
  domains: 'Sign-up on this instance is limited to certain email domains.',
} as const;

export function SignUpPage() {
  const settings = usePublicSettings();
  const policy = settings.data?.signupPolicy;
  return (
    <>
      {policy === 'invite-only' || policy === 'domains' ? (
        <p role="note" className="mx-auto mt-4 max-w-sm text-center text-sm text-zinc-500 dark:text-zinc-400">
          {policyNotes[policy]}
        </p>
      ) : null}
      <AuthForm mode="signup" />
    </>
  );
}
