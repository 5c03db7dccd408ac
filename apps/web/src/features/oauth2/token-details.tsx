import type { TOAuth2Auth } from '@apiplay/core';

/** The claims of a JWT access token, for display only (never trusted: the API checks the token). */
function jwtClaims(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (part === undefined || token.split('.').length !== 3) {
    return null;
  }
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function expiry(at: number | undefined, now: number): string {
  if (at === undefined) {
    return 'unknown (the server did not say)';
  }
  const left = Math.round((at - now) / 1000);
  const when = new Date(at).toLocaleString();
  return left > 0 ? `${when} (in ${left} s)` : `${when} (expired — renewed at send time when it can be)`;
}

/** What the stored token is: type, expiry, refresh token, and a JWT's claims. */
export function TokenDetails({ auth, storedIn }: { auth: TOAuth2Auth; storedIn: string }) {
  const token = auth.accessToken ?? '';
  if (token === '') {
    return <p className="text-zinc-500 dark:text-zinc-400">No access token yet.</p>;
  }
  const claims = /^\{\{.+\}\}$/.test(token) ? null : jwtClaims(token);
  const rows: [string, string][] = [
    ['Stored in', storedIn],
    ['Type', auth.headerPrefix || 'Bearer'],
    ['Expires', expiry(auth.accessTokenExpiresAt, Date.now())],
    ['Refresh token', auth.refreshToken ? 'stored (used when the access token expires)' : 'none'],
  ];
  return (
    <div data-testid="oauth2-token-details" className="flex flex-col gap-1">
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-zinc-500 dark:text-zinc-400">{k}</dt>
            <dd className="break-all font-mono">{v}</dd>
          </div>
        ))}
      </dl>
      {claims ? (
        <details>
          <summary className="cursor-pointer text-zinc-500 dark:text-zinc-400">Token claims</summary>
          <pre className="overflow-auto rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-900">
            {JSON.stringify(claims, null, 2)}
          </pre>
        </details>
      ) : null}
    </div>
  );
}
