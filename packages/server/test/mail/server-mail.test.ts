import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../src/log.js';
import { startServer } from '../../src/serve.js';
import { createBackend, type TestBackend } from '../support/backends.js';
import { CATCHER_PASSWORD, codeFrom, type MailCatcher, startMailCatcher } from '../support/mail-catcher.js';

describe('the server and its mailer', () => {
  let backend: TestBackend;
  let catcher: MailCatcher;
  before(async () => {
    backend = await createBackend('sqlite');
    catcher = await startMailCatcher();
  });
  after(async () => {
    await catcher.close();
    await backend.cleanup();
  });

  test('with SMTP settings: says where mail goes, without the password, and delivers', async () => {
    const lines: string[] = [];
    const config = backend.config({
      GATEHOUSE_SMTP_URL: catcher.url,
      GATEHOUSE_MAIL_FROM: 'Gatehouse <gatehouse@example.com>',
    });
    const server = await startServer(config, { logger: createLogger('debug', (l) => lines.push(l)) });
    try {
      assert.equal(server.gatehouse.mailer.describe(), `smtp://127.0.0.1:${catcher.port}`);
      await server.gatehouse.mailer.send({
        to: 'ada@example.com',
        subject: 'Hi',
        text: 'Your code is 161803',
      });
      assert.equal(codeFrom(await catcher.next({ to: 'ada@example.com' })), '161803');
    } finally {
      await server.close();
    }
    const log = lines.join('');
    assert.match(
      log,
      new RegExp(`"msg":"user-pool mail goes to","mail":"smtp://127\\.0\\.0\\.1:${catcher.port}"`),
    );
    assert.ok(!log.includes(CATCHER_PASSWORD), 'the SMTP password is never logged');
    assert.ok(!log.includes('161803'), 'the message is never logged');
  });

  test('without them: the outbox in the data directory', async () => {
    const lines: string[] = [];
    const server = await startServer(backend.config(), {
      logger: createLogger('info', (l) => lines.push(l)),
    });
    try {
      const where = `outbox ${join(backend.dataDir, 'outbox')}`;
      assert.equal(server.gatehouse.mailer.describe(), where);
      assert.ok(
        lines.some((l) => l.includes(JSON.stringify(where))),
        lines.join(''),
      );
    } finally {
      await server.close();
    }
  });
});
