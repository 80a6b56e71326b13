import * as assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../src/log.js';
import { MailError } from '../../src/services/mail/mailer.js';
import { SmtpMailer } from '../../src/services/mail/smtp-mailer.js';
import { confirmationCodeMessage } from '../../src/services/mail/pool-messages.js';
import { CATCHER_PASSWORD, codeFrom, type MailCatcher, startMailCatcher } from '../support/mail-catcher.js';

const FROM = 'LJ Health Food <no-reply@lj.example>';
const FAST = { connectionMs: 500, greetingMs: 500, socketMs: 500 };

function capture() {
  const lines: string[] = [];
  return { lines, logger: createLogger('debug', (line) => lines.push(line)) };
}

/** A TCP server that accepts connections and never says a word, as a hung mail server does. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('SMTP mailer', () => {
  let catcher: MailCatcher;
  before(async () => {
    catcher = await startMailCatcher();
  });
  after(() => catcher.close());

  test('delivers to a real SMTP server, signed in, with text and HTML', async () => {
    const { lines, logger } = capture();
    const mailer = new SmtpMailer(catcher.url, FROM, logger, FAST);
    try {
      assert.equal(mailer.describe(), `smtp://127.0.0.1:${catcher.port}`);
      const pool = { name: 'shop', settings: { branding: { displayName: 'LJ Health Food' } } };
      await mailer.send(confirmationCodeMessage(pool, 'Ada@Example.com', '314159'));
      const mail = await catcher.next({ to: 'ada@example.com' });
      assert.equal(mail.authUser, 'mailer');
      assert.equal(mail.mailFrom, 'no-reply@lj.example');
      assert.deepEqual(mail.rcptTo, ['ada@example.com']);
      assert.equal(mail.subject, 'Your LJ Health Food verification code');
      assert.equal(codeFrom(mail), '314159');
      assert.match(mail.html ?? '', /314159/);
      const log = lines.join('');
      assert.match(log, /"msg":"mail sent"/);
      assert.ok(!log.includes(CATCHER_PASSWORD), 'the SMTP password is never logged');
      assert.ok(!log.includes('314159'), 'the code is never logged');
    } finally {
      await mailer.close();
    }
  });

  test('next() waits for mail to the right person and times out otherwise', async () => {
    const mailer = new SmtpMailer(catcher.url, FROM, capture().logger, FAST);
    try {
      const waiting = catcher.next({ to: 'bob@example.com', timeoutMs: 3000 });
      await mailer.send({ to: 'carol@example.com', subject: 'c', text: 'for carol 111111' });
      await mailer.send({ to: 'bob@example.com', subject: 'b', text: 'for bob 222222' });
      assert.equal(codeFrom(await waiting), '222222');
      assert.equal(codeFrom(await catcher.next({ to: 'carol@example.com' })), '111111');
      await assert.rejects(
        catcher.next({ to: 'nobody@example.com', timeoutMs: 100 }),
        /no mail to nobody@example.com within 100 ms/,
      );
    } finally {
      await mailer.close();
    }
  });

  test('a wrong password is a MailError that names no credential', async () => {
    const { lines, logger } = capture();
    const bad = catcher.url.replace(CATCHER_PASSWORD, 'wrong-pass-77');
    const mailer = new SmtpMailer(bad, FROM, logger, FAST);
    try {
      const error = await mailer
        .send({ to: 'dan@example.com', subject: 's', text: 't' })
        .catch((e: unknown) => e);
      assert.ok(error instanceof MailError);
      assert.match(error.message, /EAUTH/);
      assert.ok(!error.message.includes('wrong-pass-77'));
      assert.ok(!lines.join('').includes('wrong-pass-77'));
      assert.match(lines.join(''), /"msg":"mail not sent".*"code":"EAUTH"/);
    } finally {
      await mailer.close();
    }
  });

  test('credentials to another machine are never sent without TLS', async () => {
    // 0.0.0.0 reaches the catcher on this machine but is not a loopback name, as a remote relay is not.
    const remote = catcher.url.replace('127.0.0.1', '0.0.0.0');
    const { lines, logger } = capture();
    const mailer = new SmtpMailer(remote, FROM, logger, FAST);
    try {
      const before = catcher.received.length;
      await assert.rejects(mailer.send({ to: 'fay@example.com', subject: 's', text: 't' }), /: ETLS$/);
      assert.equal(catcher.received.length, before);
      assert.ok(!lines.join('').includes(CATCHER_PASSWORD));
    } finally {
      await mailer.close();
    }
  });

  test('a mail server that never greets fails the send within the timeout', async () => {
    const dead = await silentServer();
    const mailer = new SmtpMailer(`smtp://u:p@127.0.0.1:${dead.port}`, FROM, capture().logger, FAST);
    try {
      const started = performance.now();
      await assert.rejects(mailer.send({ to: 'eve@example.com', subject: 's', text: 't' }), /: ETIMEDOUT$/);
      const took = performance.now() - started;
      assert.ok(took < 3000, `took ${took} ms`);
    } finally {
      await mailer.close();
      await dead.close();
    }
  });

  test('a closed port fails at once', async () => {
    const dead = await silentServer();
    const { port } = dead;
    await dead.close();
    const slow = { connectionMs: 10_000, greetingMs: 10_000, socketMs: 10_000 };
    const mailer = new SmtpMailer(`smtp://127.0.0.1:${port}`, FROM, capture().logger, slow);
    try {
      const started = performance.now();
      await assert.rejects(
        mailer.send({ to: 'eve@example.com', subject: 's', text: 't' }),
        /: (ESOCKET|ECONNECTION)$/,
      );
      assert.ok(performance.now() - started < 5000, 'refused at once, not after the 10 s timeout');
    } finally {
      await mailer.close();
    }
  });

  test('refuses a recipient that would add headers or recipients', async () => {
    const mailer = new SmtpMailer(catcher.url, FROM, capture().logger, FAST);
    try {
      for (const to of [
        'a@example.com\r\nBcc: x@example.com',
        'a@example.com, b@example.com',
        'not an address',
      ]) {
        await assert.rejects(mailer.send({ to, subject: 's', text: 't' }), MailError);
      }
    } finally {
      await mailer.close();
    }
  });
});
