import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/api-error';
import { useSignIn, useSignInOptions } from '../api/hooks/auth';
import { Button } from '../components/ui/button';
import { Field, Input } from '../components/ui/input';
import { useAuthStore } from '../stores/auth-store';
import { SsoButtons } from './sso-buttons';

/** Sign-in and sign-up share one form; sign-up adds a name. */
export function AuthForm({ mode }: { mode: 'signin' | 'signup' }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signIn = useSignIn();
  const options = useSignInOptions();
  // Until the server says otherwise the form is shown (an older server has no options endpoint).
  const passwordOn = options.data?.password ?? true;
  const expired = useAuthStore((s) => s.expired);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next') ?? '/';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn.mutateAsync(
        mode === 'signin' ? { mode, body: { email, password } } : { mode, body: { email, password, name } },
      );
      navigate(next.startsWith('/') ? next : '/', { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong');
    } finally {
      setBusy(false);
    }
  };

  const title = mode === 'signin' ? 'Sign in' : 'Create your account';
  return (
    <main className="flex min-h-full items-center justify-center bg-zinc-50 p-4 dark:bg-zinc-950">
      <form
        onSubmit={submit}
        aria-label={title}
        className="flex w-full max-w-sm flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      >
        <div className="flex items-center gap-2">
          <span className="inline-block h-5 w-5 rounded bg-orange-600" aria-hidden />
          <span className="font-semibold">API Playground</span>
        </div>
        <h1 className="text-lg font-semibold">{title}</h1>
        {mode === 'signin' && expired ? (
          <p
            role="status"
            className="rounded bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
          >
            Your session expired. Sign in again — your unsaved drafts are still here.
          </p>
        ) : null}
        <SsoButtons options={options.data} next={next.startsWith('/') ? next : '/'} />
        {!passwordOn ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">
            Password sign-in is turned off on this server.
          </p>
        ) : null}
        {passwordOn && mode === 'signup' ? (
          <Field label="Name">
            <Input
              name="name"
              autoComplete="name"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
        ) : null}
        {passwordOn ? (
          <>
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
            <Field label="Password">
              <Input
                name="password"
                type="password"
                autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
                required
                minLength={mode === 'signup' ? 8 : undefined}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </Field>
            {error ? (
              <p role="alert" className="text-sm text-red-600 dark:text-red-400">
                {error}
              </p>
            ) : null}
            <Button type="submit" variant="primary" disabled={busy}>
              {busy ? 'Please wait…' : title}
            </Button>
            {mode === 'signin' ? (
              <Link className="text-sm text-orange-800 underline dark:text-orange-300" to="/reset-password">
                Forgot your password?
              </Link>
            ) : null}
          </>
        ) : null}
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          {mode === 'signin' ? (
            <>
              No account?{' '}
              <Link
                className="text-orange-700 dark:text-orange-400 underline"
                to={`/signup?next=${encodeURIComponent(next)}`}
              >
                Sign up
              </Link>
            </>
          ) : (
            <>
              Have an account?{' '}
              <Link
                className="text-orange-700 dark:text-orange-400 underline"
                to={`/signin?next=${encodeURIComponent(next)}`}
              >
                Sign in
              </Link>
            </>
          )}
        </p>
      </form>
    </main>
  );
}
