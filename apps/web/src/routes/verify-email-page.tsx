import { useEffect, useRef } from 'react';
import { Link, useLocation } from 'react-router';
import { ApiError } from '../api/api-error';
import { useEmailLinks } from '../api/hooks/auth';
import { AuthCard, tokenFromHash } from './auth-card';

/** Opened from the emailed link: verifies the address once (no session needed, any device). */
export function VerifyEmailPage() {
  const token = tokenFromHash(useLocation().hash);
  const { verify } = useEmailLinks();
  const sent = useRef(false);
  useEffect(() => {
    if (token !== null && !sent.current) {
      sent.current = true;
      verify.mutate(token);
    }
  }, [token, verify]);
  let message = 'Checking the link…';
  if (token === null) {
    message = 'This link is incomplete; open the link from the email again.';
  } else if (verify.isSuccess) {
    message = 'Your email address is verified.';
  } else if (verify.error) {
    message = verify.error instanceof ApiError ? verify.error.message : 'Something went wrong';
  }
  return (
    <AuthCard title="Email verification">
      <p role="status" className="text-sm">
        {message}
      </p>
      <Link className="text-sm text-orange-800 underline dark:text-orange-300" to="/">
        Open API Playground
      </Link>
    </AuthCard>
  );
}
