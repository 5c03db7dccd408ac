import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { ApiError } from '../api/api-error';
import { useEmailLinks } from '../api/hooks/auth';
import { Button } from '../components/ui/button';
import { Field, Input } from '../components/ui/input';
import { AuthCard, tokenFromHash } from './auth-card';

/** Without a token: ask for a reset link. With the emailed `#token=…`: choose the new password. */
export function ResetPasswordPage() {
  const token = tokenFromHash(useLocation().hash);
  return token === null ? <RequestReset /> : <ChooseNewPassword token={token} />;
}

function RequestReset() {
  const { requestReset } = useEmailLinks();
  const [email, setEmail] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    requestReset.mutate(email);
  };
  return (
    <AuthCard title="Reset your password">
      {requestReset.isSuccess ? (
        <p role="status" className="text-sm">
          {requestReset.data.message}
        </p>
      ) : (
        <form onSubmit={submit} className="flex flex-col gap-3" aria-label="Request a reset link">
          <Field label="Email">
            <Input
              name="email"
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </Field>
          {requestReset.error ? (
            <p role="alert" className="text-sm text-red-600">
              {requestReset.error instanceof ApiError ? requestReset.error.message : 'Something went wrong'}
            </p>
          ) : null}
          <Button type="submit" variant="primary" disabled={requestReset.isPending}>
            Email me a link
          </Button>
        </form>
      )}
      <Link className="text-sm text-orange-800 underline dark:text-orange-300" to="/signin">
        Back to sign-in
      </Link>
    </AuthCard>
  );
}

function ChooseNewPassword({ token }: { token: string }) {
  const { confirmReset } = useEmailLinks();
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirmReset.mutate({ token, newPassword: password });
  };
  if (confirmReset.isSuccess) {
    return (
      <AuthCard title="Password changed">
        <p role="status" className="text-sm">
          Your password is set, and every device was signed out.
        </p>
        <Link className="text-sm text-orange-800 underline dark:text-orange-300" to="/signin">
          Sign in
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password">
      <form onSubmit={submit} className="flex flex-col gap-3" aria-label="Choose a new password">
        <Field label="New password">
          <Input
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        {confirmReset.error ? (
          <p role="alert" className="text-sm text-red-600">
            {confirmReset.error instanceof ApiError ? confirmReset.error.message : 'Something went wrong'}
          </p>
        ) : null}
        <Button type="submit" variant="primary" disabled={confirmReset.isPending}>
          Set password
        </Button>
      </form>
    </AuthCard>
  );
}
