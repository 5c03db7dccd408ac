import type { TSignInOptions } from '@apiplay/core';
import { ssoStartUrl } from '../api/hooks/auth';

/**
 * "Sign in with <provider>" buttons. Plain links: the server redirects to the provider and, once signed in, back
 * to `next` with the refresh cookie set (the page then restores the session like a reload does).
 */
export function SsoButtons({ options, next }: { options: TSignInOptions | undefined; next: string }) {
  const providers = options?.providers ?? [];
  if (providers.length === 0) {
    return null;
  }
  return (
    <div className="flex flex-col gap-2">
      {providers.map((p) => (
        <a
          key={p.id}
          href={ssoStartUrl(p.id, next)}
          className="rounded border border-zinc-300 px-3 py-2 text-center text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Sign in with {p.name}
        </a>
      ))}
      {options?.password ? (
        <p className="text-center text-xs text-zinc-500 dark:text-zinc-400" aria-hidden>
          or
        </p>
      ) : null}
    </div>
  );
}
