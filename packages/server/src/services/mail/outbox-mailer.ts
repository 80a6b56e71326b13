import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../log.js';
import { composeMessage } from './compose.js';
import { checkRecipient, type Mailer, MailError, type MailMessage } from './mailer.js';

/** The sender of outbox mail when no GATEHOUSE_MAIL_FROM is set (only SMTP requires one). */
export const OUTBOX_FROM = 'Gatehouse <no-reply@localhost>';

/**
 * Writes each message as an RFC 5322 `.eml` file, for development and for deployments without a
 * mail server. Names sort by time (UTC, then a per-process sequence) and end in random bits, so
 * instances sharing the folder never collide. The file appears whole or not at all: it is written
 * under a dot-name and then renamed. Files are readable by the owner only: they hold codes.
 */
export class OutboxMailer implements Mailer {
  private sequence = 0;

  constructor(
    readonly dir: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly from: string = OUTBOX_FROM,
  ) {}

  describe(): string {
    return `outbox ${this.dir}`;
  }

  async send(message: MailMessage): Promise<void> {
    checkRecipient(message.to);
    const raw = await composeMessage(message, this.from, new Date(this.clock.now()));
    const name = this.fileName();
    const temp = join(this.dir, `.${name}.tmp`);
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await writeFile(temp, raw, { flag: 'wx', mode: 0o600 });
      await rename(temp, join(this.dir, name));
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw new MailError(
        `could not write to the outbox: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
        {
          cause: error,
        },
      );
    }
    this.logger.info('mail written to the outbox', { file: name });
  }

  async close(): Promise<void> {}

  private fileName(): string {
    const time = new Date(this.clock.now()).toISOString().replace(/[-:.]/g, '');
    this.sequence = (this.sequence + 1) % 1_000_000;
    return `${time}-${String(this.sequence).padStart(6, '0')}-${randomBytes(4).toString('hex')}.eml`;
  }
}
