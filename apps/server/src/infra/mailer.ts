import { createTransport, type Transporter } from 'nodemailer';
import type { Db } from '../db/client';
import { mailMessages } from '../db/schema';

/** One outgoing message: plain text always (every link readable as-is), HTML optional. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * Where mail goes: `smtp` hands it to SMTP_URL through nodemailer; `dev` (no SMTP_URL) keeps it in the database
 * and logs its links, so an air-gapped install can still invite people and reset passwords.
 */
export interface Mailer {
  readonly kind: 'smtp' | 'dev';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Links in a message body, for the dev mailbox's log line. */
export function linksIn(text: string): string[] {
  return text.match(/https?:\/\/[^\s<>"']+/g) ?? [];
}

/** The nodemailer SMTP transport (STARTTLS when the server offers it, TLS for smtps://). */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport: Transporter = createTransport(smtpUrl);
  return {
    kind: 'smtp',
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
    },
    close() {
      transport.close();
    },
  };
}

/** The dev mailbox: stores each message and logs where its links point (the admin panel lists them). */
export function createDevMailbox(db: Db, notice: (message: string) => void): Mailer {
  return {
    kind: 'dev',
    async send(mail) {
      await db.insert(mailMessages).values({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? null,
      });
      // Deliberate: without SMTP the log is how an operator gets a reset or invitation link to its recipient.
      notice(
        `dev mailbox: "${mail.subject}" to ${mail.to}; links: ${linksIn(mail.text).join(' ') || 'none'}`,
      );
    },
    close() {},
  };
}
