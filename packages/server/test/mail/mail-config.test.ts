import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

const load = (env: Record<string, string>) => loadConfig({}, { GATEHOUSE_DATA_DIR: '/tmp/gh-data', ...env });
const SMTP = 'smtp://mailer:s3cr3t-Pa55@mail.example.com:587';
const FROM = 'LJ <no-reply@lj.example>';

function refused(env: Record<string, string>, message: RegExp): void {
  assert.throws(
    () => load(env),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.match(error.message, message);
      assert.ok(!error.message.includes('s3cr3t-Pa55'), `password in "${error.message}"`);
      return true;
    },
  );
}

describe('mail settings', () => {
  test('neither set: no SMTP (the outbox)', () => {
    const config = load({});
    assert.equal(config.smtpUrl, undefined);
    assert.equal(config.mailFrom, undefined);
  });

  test('both set: smtp:// and smtps:// are taken', () => {
    const config = load({ GATEHOUSE_SMTP_URL: SMTP, GATEHOUSE_MAIL_FROM: FROM });
    assert.equal(config.smtpUrl, SMTP);
    assert.equal(config.mailFrom, FROM);
    const tls = load({ GATEHOUSE_SMTP_URL: 'smtps://mail.example.com', GATEHOUSE_MAIL_FROM: 'a@b.example' });
    assert.equal(tls.smtpUrl, 'smtps://mail.example.com');
  });

  test('only one of the two is a start-up error naming both', () => {
    refused({ GATEHOUSE_SMTP_URL: SMTP }, /GATEHOUSE_SMTP_URL is set but GATEHOUSE_MAIL_FROM is not/);
    refused({ GATEHOUSE_MAIL_FROM: FROM }, /GATEHOUSE_MAIL_FROM is set but GATEHOUSE_SMTP_URL is not/);
  });

  test('a URL that is not smtp or smtps is refused without echoing it', () => {
    refused(
      { GATEHOUSE_SMTP_URL: 'https://mailer:s3cr3t-Pa55@mail.example.com', GATEHOUSE_MAIL_FROM: FROM },
      /^GATEHOUSE_SMTP_URL must start with smtp:\/\/ .* got https:\/\/$/,
    );
    refused(
      { GATEHOUSE_SMTP_URL: 'mail.example.com:s3cr3t-Pa55', GATEHOUSE_MAIL_FROM: FROM },
      /^GATEHOUSE_SMTP_URL must /,
    );
    refused(
      { GATEHOUSE_SMTP_URL: 'not a url s3cr3t-Pa55', GATEHOUSE_MAIL_FROM: FROM },
      /^GATEHOUSE_SMTP_URL must be a URL such as smtp:\/\//,
    );
    refused(
      { GATEHOUSE_SMTP_URL: `${SMTP}/path?x=1`, GATEHOUSE_MAIL_FROM: FROM },
      /GATEHOUSE_SMTP_URL takes no path, query or fragment/,
    );
    refused(
      { GATEHOUSE_SMTP_URL: 'smtp://:s3cr3t-Pa55@mail.example.com', GATEHOUSE_MAIL_FROM: FROM },
      /has a password but no user name/,
    );
  });

  test('a sender that is not one address on one line is refused', () => {
    for (const from of [
      'no-reply',
      'a@b.example\r\nBcc: c@d.example',
      'Name <not-an-address>',
      'a@b.example, c@d.example',
    ]) {
      refused(
        { GATEHOUSE_SMTP_URL: SMTP, GATEHOUSE_MAIL_FROM: from },
        /^GATEHOUSE_MAIL_FROM must be an email address/,
      );
    }
  });
});
