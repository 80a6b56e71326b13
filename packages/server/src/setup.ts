import type { Config } from './config.js';
import type { Gatehouse } from './services/gatehouse.js';
import type { Logger } from './log.js';

/**
 * First start with no accounts: create the admin from GATEHOUSE_ADMIN_EMAIL and
 * GATEHOUSE_ADMIN_PASSWORD, or print a one-time link to the console of whoever started the
 * server. The link is the only way in, so it goes to the operator's terminal (the serve
 * banner, on stderr) and never into the log, which is often shipped elsewhere.
 */
export async function announceSetup(
  gatehouse: Gatehouse,
  config: Config,
  issuer: string,
  logger: Logger,
): Promise<string | undefined> {
  const token = await gatehouse.users.bootstrap({ email: config.adminEmail, password: config.adminPassword });
  if (config.adminEmail && config.adminPassword) return undefined;
  if (token === undefined || !config.localLogin) return undefined;
  const url = `${issuer}/setup?token=${token}`;
  logger.warn(
    'no accounts yet: open the one-time setup link shown on the terminal that started Gatehouse to create the first platform admin',
    { expires: 'in 24 hours, or at the next restart' },
  );
  return url;
}
