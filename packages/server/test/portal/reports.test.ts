// The Reports page in a real browser: a team member sees her team's clients only, and each
// row's button fixes it (remove a scope or a role, rotate and finish a rotation, disable).
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { findPortalDir } from '../../src/http/static.js';
import { silentLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { createBackend, type TestBackend } from '../support/backends.js';
import { TestClock } from '../support/clock.js';
import { browserUnavailable, launch, screenshot } from './browser.js';

const ALICE = { email: 'alice@example.com', name: 'Alice', password: 'alice password 1234' };
const DAY = 86_400_000;

describe('the portal: hygiene reports in a real browser', { skip: browserUnavailable() }, () => {
  let backend: TestBackend;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let clientId = '';
  let firstSecret = '';
  let teamId = '';
  const clock = new TestClock(Date.now() - 200 * DAY);

  before(async () => {
    assert.ok(findPortalDir(), 'the portal is built (npm run build)');
    backend = await createBackend('sqlite');
    server = await startServer(loadConfig({ port: '0' }, backend.env()), { logger: silentLogger, clock });
    const g = server.gatehouse;
    // Everything registered 200 days ago, and never used since.
    await g.users.create({ ...ALICE }, CLI_ACTOR);
    teamId = (await g.teams.create({ slug: 'orders', name: 'Orders' }, CLI_ACTOR)).id;
    await g.teams.addMember('orders', { email: ALICE.email, role: 'member' }, CLI_ACTOR);
    const otherTeam = (await g.teams.create({ slug: 'other', name: 'Other' }, CLI_ACTOR)).id;
    await g.resourceServers.create(
      { identifier: 'orders-api', name: 'Orders API', scopes: [{ name: 'read' }, { name: 'write' }] },
      CLI_ACTOR,
      { teamId },
    );
    const made = await g.clients.create(
      { name: 'legacy', scopes: ['orders-api/read', 'orders-api/write'] },
      CLI_ACTOR,
      { teamId },
    );
    clientId = made.client.clientId;
    firstSecret = made.secret?.id ?? '';
    await g.roles.create({ name: 'writer', teamId, scopes: ['orders-api/write'] }, CLI_ACTOR);
    await g.clientRoles.add(clientId, 'writer', CLI_ACTOR);
    await g.clients.create({ name: 'theirs' }, CLI_ACTOR, { teamId: otherTeam });
    clock.set(Date.now());

    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(ALICE.email);
    await page.getByLabel('Password').fill(ALICE.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'New API' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await backend?.cleanup();
  });

  const confirm = async (name: string) => {
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name, exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  };

  test('stale clients: her team’s client only, with its idle days', async () => {
    await page.getByTestId('stale-summary').waitFor();
    assert.match(
      String(await page.getByTestId('stale-summary').textContent()),
      /^1 enabled client got no token in 90 days \(1 never used\)/,
    );
    const row = page.getByRole('row', { name: /legacy/ });
    assert.match(String(await row.textContent()), /orders.*Never.*200 days.*200 days/);
    assert.equal(await page.getByRole('row', { name: /theirs/ }).count(), 0);
    await screenshot(page, 'reports-stale');
  });

  test('unused scopes: remove a direct scope, and take a role', async () => {
    await page.getByRole('tab', { name: 'Unused scopes' }).click();
    await page.getByTestId('unused-summary').waitFor();
    assert.match(
      String(await page.getByTestId('unused-summary').textContent()),
      /^3 scopes held by 1 client/,
    );
    await page.getByRole('button', { name: 'Remove orders-api/read from legacy' }).click();
    await confirm('Remove scope');
    await page
      .getByRole('button', { name: 'Remove orders-api/read from legacy' })
      .waitFor({ state: 'detached' });
    const client = await server.gatehouse.clients.get(clientId, CLI_ACTOR);
    assert.deepEqual(client.scopes, ['orders-api/write']);

    await page.getByRole('button', { name: 'Remove role writer from legacy' }).click();
    await confirm('Remove role');
    await page.getByRole('button', { name: 'Remove role writer from legacy' }).waitFor({ state: 'detached' });
    assert.deepEqual((await server.gatehouse.clientRoles.list(clientId, CLI_ACTOR)).roles, []);
    await screenshot(page, 'reports-unused');
  });

  test('secrets: rotate shows the new secret once; revoking the older finishes the rotation', async () => {
    await page.getByRole('tab', { name: 'Secrets' }).click();
    await page.getByTestId('secrets-summary').waitFor();
    assert.match(
      String(await page.getByTestId('secrets-summary').textContent()),
      /^1 secret older than 180 days/,
    );
    await page.getByRole('button', { name: /^Rotate secret .* of legacy$/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Add a new secret' }).click();
    const fresh = page.getByTestId('new-secret');
    await fresh.waitFor();
    assert.ok(String(await fresh.textContent()).length >= 40);
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Revoke the older secrets of legacy' }).click();
    await confirm('Revoke');
    await page.getByText('Every rotation was finished.').waitFor();
    const secrets = (await server.gatehouse.clients.get(clientId, CLI_ACTOR)).secrets;
    assert.ok(secrets.find((s) => s.id === firstSecret)?.revokedAt, 'the old secret is revoked');
    assert.equal(secrets.filter((s) => !s.revokedAt).length, 1);
  });

  test('stale clients: disable from the report, reached from the team page', async () => {
    await page.goto(`${server.url}/teams/orders`);
    // The team page's own link, not the navigation's: it carries the team.
    await page.getByRole('main').getByRole('link', { name: 'Reports', exact: true }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    assert.equal(await page.getByLabel('Team').inputValue(), teamId);
    await page.getByRole('button', { name: 'Disable client legacy' }).click();
    await confirm('Disable client');
    await page.getByText('Every client got a token lately.').waitFor();
    assert.equal((await server.gatehouse.clients.get(clientId, CLI_ACTOR)).enabled, false);
  });
});
