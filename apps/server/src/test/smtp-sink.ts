import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server (`smtp-server`) on a loopback port that keeps what it receives, parsed by mailparser. */
export interface SmtpSink {
  url: string;
  messages: ParsedMail[];
  /** The logins the server accepted (proves SMTP_URL's credentials were used). */
  logins: string[];
  /** Resolves with the first message to `to` (polls; mail may be sent behind the reply). */
  waitFor(to: string, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

export async function startSmtpSink(opts: { user?: string; pass?: string } = {}): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    // Plain SMTP on loopback (the test has no certificate), login over it allowed.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: opts.user === undefined,
    onAuth(auth, _session, callback) {
      if (auth.username === opts.user && auth.password === opts.pass) {
        logins.push(auth.username ?? '');
        callback(null, { user: auth.username });
        return;
      }
      callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const auth = opts.user === undefined ? '' : `${opts.user}:${opts.pass ?? ''}@`;
  const recipients = (m: ParsedMail): string[] =>
    (Array.isArray(m.to) ? m.to : m.to === undefined ? [] : [m.to]).flatMap((a) =>
      a.value.map((v) => v.address ?? ''),
    );
  return {
    url: `smtp://${auth}127.0.0.1:${port}`,
    messages,
    logins,
    async waitFor(to, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const found = messages.find((m) => recipients(m).includes(to));
        if (found !== undefined) {
          return found;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a message's text that starts with `prefix`. */
export function linkIn(text: string | undefined, prefix: string): string {
  const found = (text ?? '').match(/https?:\/\/\S+/g)?.find((l) => l.startsWith(prefix));
  if (found === undefined) {
    throw new Error(`no link starting with ${prefix} in:\n${text}`);
  }
  return found;
}
