/** One message to one person. The body may hold a code: never log it. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * Sends mail for user pools. `send` resolves once the message is handed over (to the mail
 * server, or to a file in the outbox) and rejects with a MailError otherwise, so a caller can
 * answer "could not send the code" instead of pretending it went.
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** Where mail goes, without credentials: `smtp://host:587` or `outbox /path/to/outbox`. */
  describe(): string;
  close(): Promise<void>;
}

/** A message that was not handed over. The message says why, never the credentials or the body. */
export class MailError extends Error {
  override name = 'MailError';
}

/** A recipient on one line with one `@`: header injection and lists of recipients are refused. */
export function checkRecipient(to: string): void {
  if (typeof to !== 'string' || !/^[^\s@<>,;"]+@[^\s@<>,;"]+$/.test(to)) {
    throw new MailError('the recipient is not a single email address');
  }
}
