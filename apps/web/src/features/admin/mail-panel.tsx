import { useAdminMail } from '../../api/hooks/admin';

/** The dev mailbox: what the server would have emailed, on instances without SMTP_URL. */
export function MailPanel() {
  const mail = useAdminMail();
  if (!mail.data) {
    return <p role="status">{mail.isError ? 'The mailbox could not be read.' : 'Loading…'}</p>;
  }
  if (mail.data.transport === 'smtp') {
    return <p className="text-sm">Mail leaves through SMTP (SMTP_URL); nothing is kept here.</p>;
  }
  return (
    <section aria-label="Dev mailbox" className="flex flex-col gap-2">
      <p className="text-sm text-zinc-500 dark:text-zinc-400">
        No SMTP_URL is set: messages are kept here (newest first) so invitations and resets still work.
      </p>
      {mail.data.items.length === 0 ? <p className="text-sm">No messages.</p> : null}
      {mail.data.items.map((m) => (
        <article key={m.id} className="rounded border border-zinc-200 p-2 dark:border-zinc-800">
          <header className="text-sm">
            <strong>{m.subject}</strong> → {m.to}{' '}
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              {new Date(m.createdAt).toLocaleString()}
            </span>
          </header>
          <pre className="mt-1 text-xs whitespace-pre-wrap">{m.text}</pre>
        </article>
      ))}
    </section>
  );
}
