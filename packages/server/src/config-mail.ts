import { ConfigError } from './config-error.js';
import type { Parse } from './config-values.js';

/** Where a validated SMTP URL points, without its credentials: safe to print and log. */
export function describeSmtpUrl(url: URL): string {
  const port = url.port || (url.protocol === 'smtps:' ? '465' : '587');
  return `${url.protocol}//${url.hostname}:${port}`;
}

/**
 * smtp:// or smtps:// with a host, optional user and password. The raw value is never echoed
 * back in an error: it may carry the password.
 */
export const smtpUrl: Parse<string> = (raw, name) => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL such as smtp://user:password@mail.example.com:587`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError(
      `${name} must start with smtp:// (STARTTLS when offered) or smtps:// (TLS from the start), got ${url.protocol}//`,
    );
  }
  if (!url.hostname) throw new ConfigError(`${name} must name the mail server's host`);
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) {
    throw new ConfigError(`${name} takes no path, query or fragment: only smtp[s]://user:password@host:port`);
  }
  if (url.password && !url.username) throw new ConfigError(`${name} has a password but no user name`);
  return url.href;
};

/** An address such as `no-reply@example.com` or `Example <no-reply@example.com>`, on one line. */
export const mailFrom: Parse<string> = (raw, name) => {
  const address = /<([^<>]+)>\s*$/.exec(raw)?.[1] ?? raw;
  if (/[\r\n]/.test(raw) || !/^[^\s@<>]+@[^\s@<>]+$/.test(address.trim())) {
    throw new ConfigError(
      `${name} must be an email address such as no-reply@example.com or "Example <no-reply@example.com>", got "${raw.replace(/[\r\n]/g, ' ')}"`,
    );
  }
  return raw.trim();
};

/** Both settings or neither: SMTP without a sender (or a sender without SMTP) is a half-made setup. */
export function checkMailPair(
  smtp: { env: string; value: string | undefined },
  from: { env: string; value: string | undefined },
): void {
  if ((smtp.value === undefined) !== (from.value === undefined)) {
    const [set, unset] = smtp.value === undefined ? [from, smtp] : [smtp, from];
    throw new ConfigError(
      `${set.env} is set but ${unset.env} is not: set both to send mail over SMTP, or neither to write it to the outbox in the data directory`,
    );
  }
}
