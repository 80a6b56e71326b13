// Roles in the portal, in a real browser: a team member makes a role with the scope picker,
// gives it to a client, sees where each of the client's scopes comes from, edits and deletes it.
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

const ALICE = { email: 'alice@example.com', name: 'Alice', password: 'alice password 1234' };

describe('the portal: roles in a real browser', { skip: browserUnavailable() }, () => {
  let backend: TestBackend;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let clientId = '';

  before(async () => {
    assert.ok(findPortalDir(), 'the portal is built (npm run build)');
    backend = await createBackend('sqlite');
    server = await startServer(loadConfig({ port: '0' }, backend.env()), { logger: silentLogger });
    const g = server.gatehouse;
    await g.users.create({ ...ALICE }, CLI_ACTOR);
    const teamId = (await g.teams.create({ slug: 'orders', name: 'Orders' }, CLI_ACTOR)).id;
    await g.teams.addMember('orders', { email: ALICE.email, role: 'member' }, CLI_ACTOR);
    await g.resourceServers.create(
      { identifier: 'orders-api', name: 'Orders API', scopes: [{ name: 'read' }, { name: 'write' }] },
      CLI_ACTOR,
      { teamId },
    );
    const created = await g.clients.create({ name: 'checkout', scopes: ['orders-api/read'] }, CLI_ACTOR, {
      teamId,
    });
    clientId = created.client.clientId;
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
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

  test('the nav leads to Roles; a member makes a role with the scope picker', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Roles' }).click();
    await page.getByRole('heading', { name: 'Roles', level: 1 }).waitFor();
    await page.getByText('No roles yet').waitFor();
    await page.getByRole('button', { name: 'New role' }).click();
    const dialog = page.getByRole('dialog', { name: 'New role' });
    await dialog.getByLabel('Name').fill('order-writer');
    await dialog.getByRole('checkbox', { name: /orders-api\/write/ }).check();
    await dialog.getByRole('button', { name: 'Create role' }).click();
    await page.getByRole('heading', { name: 'order-writer', level: 1 }).waitFor();
    await page
      .getByRole('table', { name: 'Scopes this role bundles' })
      .getByText('orders-api/write')
      .waitFor();
    const [role] = await server.gatehouse.roles.list(CLI_ACTOR);
    assert.deepEqual(role?.scopes, ['orders-api/write']);
    await screenshot(page, 'role');
  });

  test("a client's page gives it the role and shows each scope's origin", async () => {
    await page.goto(`${server.url}/clients/${clientId}`);
    const section = page.getByRole('region', { name: 'Roles and where scopes come from' });
    await section.getByText('It holds no role.').waitFor();
    await section.getByRole('button', { name: 'Add role' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a role' });
    await dialog.getByLabel('Role').selectOption({ label: 'order-writer (1 scope)' });
    await dialog.getByRole('button', { name: 'Add role' }).click();
    await section.getByRole('link', { name: 'order-writer' }).waitFor();
    assert.equal(await section.getByTestId('origin-orders-api/read').textContent(), 'Direct');
    assert.equal(await section.getByTestId('origin-orders-api/write').textContent(), 'Role order-writer');
    const held = await server.gatehouse.clientRoles.list(clientId, CLI_ACTOR);
    assert.deepEqual(
      held.roles.map((r) => r.name),
      ['order-writer'],
    );
    await screenshot(page, 'client-roles');
  });

  test('the role page shows its holders; removing a scope and deleting the role take effect', async () => {
    await page.goto(`${server.url}/roles`);
    await page.getByRole('link', { name: 'order-writer' }).click();
    await page.getByRole('table', { name: 'Clients holding this role' }).getByText('checkout').waitFor();
    await page.getByRole('button', { name: 'Remove orders-api/write from the role' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await page.getByText('No scopes yet').waitFor();
    await page.getByRole('button', { name: 'Add scopes' }).click();
    const add = page.getByRole('dialog', { name: 'Add scopes to order-writer' });
    await add.getByRole('checkbox', { name: /orders-api\/read/ }).check();
    await add.getByRole('button', { name: 'Add scopes' }).click();
    await page
      .getByRole('table', { name: 'Scopes this role bundles' })
      .getByText('orders-api/read')
      .waitFor();

    await page.getByRole('button', { name: 'Delete role' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByRole('textbox').fill('order-writer');
    await confirm.getByRole('button', { name: 'Delete role' }).click();
    await page.getByText('No roles yet').waitFor();
    assert.deepEqual(await server.gatehouse.roles.list(CLI_ACTOR), []);
  });
});
