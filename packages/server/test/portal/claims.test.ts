// Custom claims in the portal, in a real browser: a team member edits a client's static claims
// (a registered name is refused beside its row), and adds a token hook whose secret shows once.
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

describe('the portal: custom claims in a real browser', { skip: browserUnavailable() }, () => {
  let backend: TestBackend;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let clientId = '';
  let rsId = '';

  before(async () => {
    assert.ok(findPortalDir(), 'the portal is built (npm run build)');
    backend = await createBackend('sqlite');
    server = await startServer(loadConfig({ port: '0' }, backend.env()), { logger: silentLogger });
    const g = server.gatehouse;
    await g.users.create({ ...ALICE }, CLI_ACTOR);
    const teamId = (await g.teams.create({ slug: 'orders', name: 'Orders' }, CLI_ACTOR)).id;
    await g.teams.addMember('orders', { email: ALICE.email, role: 'member' }, CLI_ACTOR);
    rsId = (
      await g.resourceServers.create(
        { identifier: 'orders-api', name: 'Orders API', scopes: [{ name: 'read' }] },
        CLI_ACTOR,
        { teamId },
      )
    ).id;
    clientId = (await g.clients.create({ name: 'checkout' }, CLI_ACTOR, { teamId })).client.clientId;
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

  test('a member adds claims to a client; a registered name is refused beside its row', async () => {
    await page.goto(`${server.url}/clients/${clientId}`);
    const section = page.getByRole('region', { name: 'Claims' });
    await section.getByRole('button', { name: 'Add claim' }).click();
    await section.locator('#claim-key-0').fill('tenant');
    await section.locator('#claim-value-0').fill('acme');
    await section.getByRole('button', { name: 'Add claim' }).click();
    await section.locator('#claim-key-1').fill('regions');
    await section.locator('#claim-value-1').fill('["eu","us"]');
    await section.getByRole('button', { name: 'Save claims' }).click();
    await page.getByText('Claims saved').waitFor();
    assert.deepEqual((await server.gatehouse.claims.forClient(clientId, CLI_ACTOR)).claims, {
      tenant: 'acme',
      regions: ['eu', 'us'],
    });

    await section.getByRole('button', { name: 'Add claim' }).click();
    await section.locator('#claim-key-2').fill('sub');
    await section.locator('#claim-value-2').fill('someone');
    await section.getByRole('button', { name: 'Save claims' }).click();
    await section
      .locator('#claim-error-2')
      .getByText(/"sub" is a registered claim/)
      .waitFor();
    assert.equal(await section.locator('#claim-error-0').count(), 0);
    await screenshot(page, 'client-claims');
  });

  test('a member adds a token hook: https only, and its secret shows once', async () => {
    await page.goto(`${server.url}/apis/${rsId}`);
    const section = page.getByRole('region', { name: 'Token hook' });
    await section.getByLabel('URL (https)').fill('http://hooks.example.internal/claims');
    await section.getByRole('button', { name: 'Add hook' }).click();
    await section.getByRole('alert').getByText(/https/).waitFor();
    await section.getByLabel('URL (https)').fill('https://hooks.example.internal/claims');
    await section.getByLabel('Timeout (ms)').fill('250');
    await section.getByLabel('When the hook fails').selectOption('open');
    await section.getByRole('button', { name: 'Add hook' }).click();
    const secret = String(await section.getByTestId('hook-secret').locator('code').textContent());
    assert.match(secret, /^ghhook_/);
    const view = await server.gatehouse.tokenHooks.get(rsId, CLI_ACTOR);
    assert.deepEqual(
      { url: view.hook?.url, timeoutMs: view.hook?.timeoutMs, failMode: view.hook?.failMode },
      { url: 'https://hooks.example.internal/claims', timeoutMs: 250, failMode: 'open' },
    );
    await screenshot(page, 'resource-server-hook');
    await page.reload();
    await page
      .getByRole('region', { name: 'Token hook' })
      .getByRole('button', { name: 'Save hook' })
      .waitFor();
    assert.equal(await page.getByText(secret).count(), 0, 'the secret is not shown again');
  });
});
