import { join } from 'node:path';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import type { Mailer } from './mailer.js';

/** SMTP when both mail settings are set (config.ts allows both or neither), else the outbox. */
export async function openMailer(config: Config, clock: Clock, logger: Logger): Promise<Mailer> {
  if (config.smtpUrl !== undefined && config.mailFrom !== undefined) {
    const { SmtpMailer } = await import('./smtp-mailer.js');
    return new SmtpMailer(config.smtpUrl, config.mailFrom, logger);
  }
  const { OutboxMailer } = await import('./outbox-mailer.js');
  return new OutboxMailer(join(config.dataDir, 'outbox'), clock, logger);
}
