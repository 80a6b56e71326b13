import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { createLogger } from '../../src/log.js';
import { MailError } from '../../src/services/mail/mailer.js';
import { OutboxMailer } from '../../src/services/mail/outbox-mailer.js';
import { passwordResetCodeMessage } from '../../src/services/mail/pool-messages.js';
import { TestClock } from '../support/clock.js';

const root = mkdtempSync(join(tmpdir(), 'gatehouse-outbox-'));
after(() => rmSync(root, { recursive: true, force: true }));

function outbox(name: string, clock = new TestClock()) {
  const lines: string[] = [];
  const dir = join(root, name, 'outbox');
  return {
    dir,
    lines,
    clock,
    mailer: new OutboxMailer(
      dir,
      clock,
      createLogger('debug', (l) => lines.push(l)),
    ),
  };
}

describe('outbox mailer', () => {
  test('writes an RFC 5322 .eml file that a mail parser reads back', async () => {
    const { dir, lines, clock, mailer } = outbox('one');
    assert.equal(mailer.describe(), `outbox ${dir}`);
    const pool = { name: 'shop', settings: { branding: { displayName: 'Café «Ünïcode»' } } };
    await mailer.send(passwordResetCodeMessage(pool, 'ada@example.com', '271828'));
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    const [file] = files as [string];
    assert.match(file, /^20260101T000000000Z-000001-[0-9a-f]{8}\.eml$/);
    assert.equal(statSync(join(dir, file)).mode & 0o777, 0o600);
    const raw = readFileSync(join(dir, file));
    assert.ok(raw.includes('\r\n'), 'CRLF line ends');
    const mail = await simpleParser(raw);
    assert.equal(mail.subject, 'Reset your Café «Ünïcode» password');
    assert.deepEqual(mail.from?.value, [{ name: 'Gatehouse', address: 'no-reply@localhost' }]);
    assert.equal(mail.date?.getTime(), clock.now());
    assert.ok(mail.messageId);
    assert.match(mail.text ?? '', /^Your password reset code is 271828$/m);
    assert.match(String(mail.html), /271828/);
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    assert.equal(to?.value[0]?.address, 'ada@example.com');
    const log = lines.join('');
    assert.match(log, /mail written to the outbox/);
    assert.ok(!log.includes('271828'));
  });

  test('file names sort in the order mail was sent and never collide', async () => {
    const { dir, clock, mailer } = outbox('many');
    const sent: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      await mailer.send({ to: 'a@example.com', subject: `n${i}`, text: `message ${i}` });
      sent.push(`n${i}`);
      if (i === 2) clock.advance(1);
    }
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => mailer.send({ to: 'b@example.com', subject: `p${i}`, text: 'x' })),
    );
    const files = readdirSync(dir).sort();
    assert.equal(files.length, 25);
    assert.equal(new Set(files).size, 25);
    const subjects = await Promise.all(
      files.slice(0, 5).map(async (f) => (await simpleParser(readFileSync(join(dir, f)))).subject),
    );
    assert.deepEqual(subjects, sent);
    assert.ok(
      files.every((f) => !f.startsWith('.')),
      'no temporary file is left',
    );
  });

  test('a failed write is a MailError and leaves no partial file', async () => {
    const blocked = join(root, 'blocked');
    // A file where the outbox folder should be: mkdir fails.
    writeFileSync(blocked, 'not a folder');
    const mailer = new OutboxMailer(join(blocked, 'outbox'), new TestClock(), createLogger('silent'));
    await assert.rejects(mailer.send({ to: 'a@example.com', subject: 's', text: 't' }), (error: unknown) => {
      assert.ok(error instanceof MailError);
      assert.match(error.message, /could not write to the outbox: (ENOTDIR|EEXIST)/);
      return true;
    });
  });

  test('refuses a recipient that would inject headers', async () => {
    const { dir, mailer } = outbox('inject');
    await assert.rejects(
      mailer.send({ to: 'a@example.com\nBcc: b@example.com', subject: 's', text: 't' }),
      MailError,
    );
    assert.throws(() => readdirSync(dir), /ENOENT/);
  });
});
