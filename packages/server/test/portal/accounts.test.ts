// The portal's account chores in a real browser: a platform admin manages someone's account,
// and a person manages their own.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { findPortalDir } from '../../src/http/static.js';
import { silentLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { createBackend, type TestBackend } from '../support/backends.js';
import { browserUnavailable, launch, screenshot } from './browser.js';

const ADMIN = { email: 'admin@example.com', password: 'admin password 1234' };
const KIM = { email: 'kim@example.com', name: 'Kim', password: 'kim password 12345' };
const KIM_NEW = 'kim new password 12345';
const ADMIN_NEW = 'admin new password 12345';

describe('the portal: account chores in a real browser', { skip: browserUnavailable() }, () => {
  let backend: TestBackend;
  let server: RunningServer;
  let browser: Browser;
  let admin: Page;
  let kimId = '';

  async function signedIn(email: string, password: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }
  const meStatus = (page: Page) =>
    page.evaluate("fetch('/api/v1/me').then((r) => r.status)") as Promise<number>;

  before(async () => {
    assert.ok(findPortalDir(), 'the portal is built (npm run build)');
    backend = await createBackend('sqlite');
    server = await startServer(
      loadConfig(
        { port: '0' },
        { ...backend.env(), GATEHOUSE_ADMIN_EMAIL: ADMIN.email, GATEHOUSE_ADMIN_PASSWORD: ADMIN.password },
      ),
      { logger: silentLogger },
    );
    kimId = (await server.gatehouse.users.create({ ...KIM }, CLI_ACTOR)).id;
    browser = await launch();
    admin = await signedIn(ADMIN.email, ADMIN.password);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await backend?.cleanup();
  });

  test('an admin sees the sessions of an account and sets a new password, which ends them', async () => {
    const kim = await signedIn(KIM.email, KIM.password);
    await admin.goto(`${server.url}/users`);
    await admin.getByRole('link', { name: 'Kim' }).click();
    await admin.getByRole('heading', { name: 'Kim' }).waitFor();
    await admin
      .getByRole('button', { name: /^End session signed in/ })
      .first()
      .waitFor();
    await screenshot(admin, 'user-page');
    await admin.getByRole('button', { name: 'Set password' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('New password').fill('short');
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await dialog
      .getByText(/at least 12 characters/)
      .first()
      .waitFor();
    await dialog.getByLabel('New password').fill(KIM_NEW);
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await admin.getByText('kim@example.com has a new password; their sessions have ended.').waitFor();
    await admin.getByText('No sessions.').waitFor();
    assert.equal(await meStatus(kim), 401);
    await kim.context().close();
    await server.gatehouse.users.authenticate({ email: KIM.email, password: KIM_NEW });
  });

  test('an admin disables an account, sees it marked, and enables it again', async () => {
    await admin.getByRole('button', { name: 'Disable' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
    await admin.getByText('kim@example.com is disabled; their sessions have ended.').waitFor();
    await admin.getByText('Disabled', { exact: true }).waitFor();
    await assert.rejects(server.gatehouse.users.authenticate({ email: KIM.email, password: KIM_NEW }), {
      code: 'account_disabled',
    });
    await admin.goto(`${server.url}/users`);
    await admin.getByRole('row', { name: /Kim/ }).getByText('Disabled').waitFor();
    await admin.getByRole('link', { name: 'Kim' }).click();
    await admin.getByRole('button', { name: 'Enable' }).click();
    await admin.getByText('kim@example.com can sign in again.').waitFor();
    await server.gatehouse.users.authenticate({ email: KIM.email, password: KIM_NEW });
  });

  test('a person changes their own password: the current one is checked, other sessions end, this one stays', async () => {
    const other = await signedIn(ADMIN.email, ADMIN.password);
    await admin.getByRole('button', { name: /Account menu/ }).click();
    await admin.getByRole('link', { name: 'Your account' }).click();
    await admin.getByRole('heading', { name: 'Your account' }).waitFor();
    await admin.getByLabel('Current password').fill('not my password');
    await admin.getByLabel('New password', { exact: true }).fill(ADMIN_NEW);
    await admin.getByLabel('New password again').fill(ADMIN_NEW);
    await admin.getByRole('button', { name: 'Change password' }).click();
    await admin
      .getByText(/is not your current password/)
      .first()
      .waitFor();
    await admin.getByLabel('Current password').fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Change password' }).click();
    await admin.getByText('Password changed. Your other sessions have ended.').waitFor();
    await screenshot(admin, 'your-account');
    assert.equal(await meStatus(admin), 200);
    assert.equal(await meStatus(other), 401);
    await other.context().close();
  });

  test('a person ends their other sessions from their account page', async () => {
    const other = await signedIn(ADMIN.email, ADMIN_NEW);
    await admin.reload();
    await admin.getByRole('button', { name: 'End other sessions' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'End sessions' }).click();
    await admin.getByText('Ended 1 session.').waitFor();
    assert.equal(await meStatus(other), 401);
    assert.equal(await meStatus(admin), 200);
    await other.context().close();
  });

  test('deleting yourself needs your email typed, and the last admin is kept', async () => {
    await admin.goto(`${server.url}/users`);
    await admin.getByRole('link', { name: 'Administrator' }).click();
    await admin.getByRole('button', { name: 'Delete user' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Delete your own account?' }).waitFor();
    const confirm = dialog.getByRole('button', { name: 'Delete user' });
    assert.equal(await confirm.isDisabled(), true, 'the email must be typed first');
    await dialog.getByLabel(`Type ${ADMIN.email} to confirm`).fill(ADMIN.email);
    await confirm.click();
    await dialog.getByText(/last enabled platform admin/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await meStatus(admin), 200);
  });

  test('an admin deletes an account after typing its email; the list no longer shows it', async () => {
    await admin.goto(`${server.url}/users/${kimId}`);
    await admin.getByRole('button', { name: 'Delete user' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel(`Type ${KIM.email} to confirm`).fill(KIM.email);
    await dialog.getByRole('button', { name: 'Delete user' }).click();
    await admin.waitForURL(`${server.url}/users`);
    await admin.getByText('Deleted kim@example.com.').waitFor();
    const emails = (await server.gatehouse.users.list(CLI_ACTOR)).map((u) => u.email);
    assert.deepEqual(emails, [ADMIN.email]);
  });
});
