import { isLoopback } from '@gatehouse/jws';
import nodemailer, { type Transporter } from 'nodemailer';
import { describeSmtpUrl } from '../../config-mail.js';
import type { Logger } from '../../log.js';
import { checkRecipient, type Mailer, MailError, type MailMessage } from './mailer.js';

/** How long each step may take, so a dead or stalled mail server fails a request instead of hanging it. */
export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}

export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = {
  connectionMs: 10_000,
  greetingMs: 10_000,
  socketMs: 20_000,
};

/**
 * Mail over SMTP with nodemailer: smtps:// is TLS from the first byte; smtp:// upgrades with
 * STARTTLS when the server offers it, and must when it carries credentials to another machine.
 * One connection per message: pool mail is rare, and a pooled connection would outlive a
 * restarted mail server.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  private readonly where: string;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly logger: Logger,
    timeouts: SmtpTimeouts = DEFAULT_SMTP_TIMEOUTS,
  ) {
    const url = new URL(smtpUrl);
    this.where = describeSmtpUrl(url);
    const secure = url.protocol === 'smtps:';
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    this.transport = nodemailer.createTransport({
      host,
      port: Number(url.port || (secure ? 465 : 587)),
      secure,
      // A password never crosses the network in the clear: smtp:// with credentials must
      // upgrade with STARTTLS, except to a relay on this machine.
      requireTLS: !secure && url.username !== '' && !isLoopback(url.hostname),
      ...(url.username
        ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
        : {}),
      connectionTimeout: timeouts.connectionMs,
      greetingTimeout: timeouts.greetingMs,
      socketTimeout: timeouts.socketMs,
      dnsTimeout: timeouts.connectionMs,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  describe(): string {
    return this.where;
  }

  async send(message: MailMessage): Promise<void> {
    checkRecipient(message.to);
    try {
      await this.transport.sendMail({
        from: this.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html === undefined ? {} : { html: message.html }),
      });
    } catch (error) {
      // Nodemailer's codes (ECONNECTION, ETIMEDOUT, EAUTH, EENVELOPE…) say what failed; its
      // messages may quote the server, never our credentials.
      const code = (error as { code?: unknown }).code;
      this.logger.warn('mail not sent', {
        via: this.where,
        code: typeof code === 'string' ? code : undefined,
      });
      throw new MailError(
        `could not send mail through ${this.where}: ${typeof code === 'string' ? code : 'error'}`,
        {
          cause: error,
        },
      );
    }
    this.logger.info('mail sent', { via: this.where });
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
