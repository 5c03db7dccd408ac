import type { ReactNode } from 'react';

/** The centred card of the signed-out pages (sign-in, reset, verify). */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-full items-center justify-center bg-zinc-50 p-4 dark:bg-zinc-950">
      <section
        aria-label={title}
        className="flex w-full max-w-sm flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      >
        <div className="flex items-center gap-2">
          <span className="inline-block h-5 w-5 rounded bg-orange-600" aria-hidden />
          <span className="font-semibold">API Playground</span>
        </div>
        <h1 className="text-lg font-semibold">{title}</h1>
        {children}
      </section>
    </main>
  );
}

/** The token of an emailed link: it travels in the fragment (`#token=…`), which never reaches a server log. */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token === null || token === '' ? null : token;
}
