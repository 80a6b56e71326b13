// The portal's admin chores in a real browser: renaming and deleting a team, and editing an API.
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
const ALICE = { email: 'alice@example.com', name: 'Alice', password: 'alice password 1234' };

describe('the portal: team and API chores in a real browser', { skip: browserUnavailable() }, () => {
  let backend: TestBackend;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let ordersId = '';
  let shopId = '';
  let apiId = '';

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
    // Alice owns both teams: she may move the API between them.
    const g = server.gatehouse;
    await g.users.create({ ...ALICE }, CLI_ACTOR);
    ordersId = (await g.teams.create({ slug: 'orders', name: 'Orders' }, CLI_ACTOR)).id;
    shopId = (await g.teams.create({ slug: 'shop', name: 'Shop' }, CLI_ACTOR)).id;
    await g.teams.addMember('orders', { email: ALICE.email, role: 'owner' }, CLI_ACTOR);
    await g.teams.addMember('shop', { email: ALICE.email, role: 'owner' }, CLI_ACTOR);
    apiId = (
      await g.resourceServers.create({ identifier: 'orders-api', name: 'Orders API' }, CLI_ACTOR, {
        teamId: 'orders',
      })
    ).id;
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(ALICE.email);
    await page.getByLabel('Password').fill(ALICE.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'New API' }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await backend?.cleanup();
  });

  test('an owner renames the team; the slug stays', async () => {
    await page.goto(`${server.url}/teams/${ordersId}`);
    await page.getByRole('button', { name: 'Rename' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Orders and billing');
    await screenshot(page, 'team-rename');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Orders and billing' }).waitFor();
    const team = await server.gatehouse.teams.get(ordersId, CLI_ACTOR);
    assert.deepEqual([team.slug, team.name], ['orders', 'Orders and billing']);
  });

  test('deleting a team that still owns an API is refused, naming the API, after typing its slug', async () => {
    await page.getByRole('button', { name: 'Delete team' }).click();
    const dialog = page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Delete team' });
    assert.equal(await confirm.isDisabled(), true, 'the slug must be typed first');
    await dialog.getByLabel('Type orders to confirm').fill('orders');
    await confirm.click();
    await dialog.getByText(/still owns 1 API \(orders-api\)/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.ok(await server.gatehouse.teams.get(ordersId, CLI_ACTOR));
  });

  test('the API edit form changes name, lifetime and team; an algorithm without a ready key is refused with the way to ready one', async () => {
    await page.goto(`${server.url}/apis/${apiId}`);
    await page.getByRole('button', { name: 'Edit API' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Orders API v2');
    await dialog.getByLabel('Token lifetime (seconds)').fill('900');
    await dialog.getByLabel('Owning team').selectOption({ label: 'Shop' });
    await screenshot(page, 'api-edit');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Orders API v2' }).waitFor();
    const moved = await server.gatehouse.resourceServers.get(apiId, CLI_ACTOR);
    assert.deepEqual([moved.name, moved.tokenTtl, moved.teamId], ['Orders API v2', 900, shopId]);

    await page.getByRole('button', { name: 'Edit API' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Signing algorithm').selectOption('RS256');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByText(/gatehouse keys rotate --alg RS256 --prepublish/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await server.gatehouse.resourceServers.get(apiId, CLI_ACTOR)).signingAlg, 'ES256');
  });

  test('once empty, the team is deleted and the portal goes back to the teams list', async () => {
    await page.goto(`${server.url}/teams/${ordersId}`);
    await page.getByRole('button', { name: 'Delete team' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Type orders to confirm').fill('orders');
    await dialog.getByRole('button', { name: 'Delete team' }).click();
    await page.waitForURL(`${server.url}/teams`);
    const teams = await server.gatehouse.teams.list(CLI_ACTOR);
    assert.deepEqual(
      teams.map((t) => t.slug),
      ['shop'],
    );
  });
});
