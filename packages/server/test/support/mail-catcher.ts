import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message the catcher received: what the envelope said, who signed in, and the parsed mail. */
export interface CaughtMail {
  /** Envelope recipients, lower-cased. */
  rcptTo: string[];
  mailFrom: string | undefined;
  /** The SMTP user that authenticated, if any. */
  authUser: string | undefined;
  subject: string;
  text: string;
  html: string | undefined;
  parsed: ParsedMail;
}

export interface MailCatcher {
  /** smtp://USER:PASSWORD@127.0.0.1:PORT, ready for GATEHOUSE_SMTP_URL. */
  url: string;
  /** The same server without credentials (it accepts both). */
  anonymousUrl: string;
  port: number;
  /** Everything received so far, oldest first, taken or not. */
  received: CaughtMail[];
  /** The oldest message not yet taken (for `to`, when given); waits up to `timeoutMs` for one. */
  next(options?: { to?: string; timeoutMs?: number }): Promise<CaughtMail>;
  close(): Promise<void>;
}

export const CATCHER_USER = 'mailer';
export const CATCHER_PASSWORD = 'catcher-secret-9f2b';

/** The 6-digit code in a message's text (the first one); fails when there is none. */
export function codeFrom(message: CaughtMail): string {
  const code = /\b(\d{6})\b/.exec(message.text)?.[1];
  if (code === undefined) throw new Error(`no 6-digit code in the mail "${message.subject}"`);
  return code;
}

/**
 * A real SMTP receiver on a free loopback port, as a mail relay would be: plain text (no TLS,
 * STARTTLS not offered), AUTH PLAIN/LOGIN with CATCHER_USER and CATCHER_PASSWORD, or none.
 */
export async function startMailCatcher(): Promise<MailCatcher> {
  const received: CaughtMail[] = [];
  const taken = new Set<CaughtMail>();
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    size: 1024 * 1024,
    // A client still connected at close is cut off after a second, not the default 30.
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      if (auth.username === CATCHER_USER && auth.password === CATCHER_PASSWORD) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const user = session.user as unknown;
          received.push({
            rcptTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            authUser: typeof user === 'string' ? user : undefined,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : undefined,
            parsed,
          });
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: unknown) => callback(error as Error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // Errors after start (a client hanging up) are the client's business, not the test's.
  server.on('error', () => undefined);
  const { port } = server.server.address() as AddressInfo;

  const take = (to: string | undefined): CaughtMail | undefined => {
    const found = received.find(
      (m) => !taken.has(m) && (to === undefined || m.rcptTo.includes(to.toLowerCase())),
    );
    if (found) taken.add(found);
    return found;
  };

  return {
    url: `smtp://${CATCHER_USER}:${CATCHER_PASSWORD}@127.0.0.1:${port}`,
    anonymousUrl: `smtp://127.0.0.1:${port}`,
    port,
    received,
    next({ to, timeoutMs = 5000 } = {}) {
      return new Promise((resolve, reject) => {
        const wake = () => {
          const found = take(to);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(`no mail${to ? ` to ${to}` : ''} within ${timeoutMs} ms (${received.length} received)`),
          );
        }, timeoutMs);
        waiters.add(wake);
        wake();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
