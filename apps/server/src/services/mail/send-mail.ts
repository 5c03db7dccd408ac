import type { AppContext } from '../../context';
import type { OutgoingMail } from '../../infra/mailer';
import { recordAudit } from '../audit/record-audit';

/**
 * Hands one message to the mailer. A failure (SMTP down, refused recipient) never fails the operation that sent
 * it: it is recorded as a `mail.failed` audit event (the admin sees it) and reported as `false`.
 */
export async function sendMail(opts: {
  ctx: Pick<AppContext, 'db' | 'mailer'>;
  mail: OutgoingMail;
  /** What the message is for (`invitation`, `password_reset`, `email_verification`), for the audit row. */
  purpose: string;
  actorId?: string | null;
}): Promise<boolean> {
  try {
    await opts.ctx.mailer.send(opts.mail);
    return true;
  } catch (error) {
    await recordAudit(opts.ctx.db, {
      action: 'mail.failed',
      actorId: opts.actorId ?? null,
      meta: {
        purpose: opts.purpose,
        transport: opts.ctx.mailer.kind,
        error: error instanceof Error ? error.message.slice(0, 300) : 'unknown error',
      },
    }).catch(() => undefined);
    return false;
  }
}
