import type { Mailer, MailMessage } from '../../../src/services/mail/mailer.js';

/** A mailer that keeps what it is given, so tests read the codes people would get. */
export class CapturedMail implements Mailer {
  readonly sent: MailMessage[] = [];

  send(message: MailMessage): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }

  describe(): string {
    return 'captured in memory';
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** The 6-digit code in the latest message to `to`; waits a little, since some mail goes out after the answer. */
  async codeFor(to: string, timeoutMs = 2000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = this.sent.findLast((m) => m.to.toLowerCase() === to.toLowerCase());
      const code = message && /\b(\d{6})\b/.exec(message.text)?.[1];
      if (code !== undefined) {
        this.sent.splice(this.sent.indexOf(message as MailMessage), 1);
        return code;
      }
      if (Date.now() > deadline) throw new Error(`no code mailed to ${to}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
