// Rate limits in the portal, in a real browser: a team member tightens a client's limits within
// the team's, is told when a value is above them, and the team page shows usage against limits.
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

describe('the portal: rate limits in a real browser', { skip: browserUnavailable() }, () => {
  let backend: TestBackend;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let teamId = '';
  let clientId = '';

  before(async () => {
    assert.ok(findPortalDir(), 'the portal is built (npm run build)');
    backend = await createBackend('sqlite');
    server = await startServer(loadConfig({ port: '0' }, backend.env()), { logger: silentLogger });
    const g = server.gatehouse;
    await g.users.create({ ...ALICE }, CLI_ACTOR);
    teamId = (await g.teams.create({ slug: 'orders', name: 'Orders' }, CLI_ACTOR)).id;
    await g.teams.addMember('orders', { email: ALICE.email, role: 'member' }, CLI_ACTOR);
    await g.limits.setTeam(teamId, { rate: 10, daily: 1000 }, CLI_ACTOR);
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

  test('the client page shows the effective limit, where it comes from, and today against the quota', async () => {
    await page.goto(`${server.url}/clients/${clientId}`);
    const section = page.getByRole('region', { name: 'Limits' });
    await section.getByText('10/s').waitFor();
    await section.getByText('team default').first().waitFor();
    assert.equal(await section.getByTestId('limits-usage').textContent(), '0 of 1,000 tokens today (UTC)');
    await screenshot(page, 'client-limits');
  });

  test('a member tightens the rate; a quota above the team’s is refused with the reason', async () => {
    const section = page.getByRole('region', { name: 'Limits' });
    await section.getByLabel('Rate (requests per second)').fill('5');
    await section.getByRole('button', { name: 'Save limits' }).click();
    await section.getByText('set on this client').first().waitFor();
    assert.deepEqual((await server.gatehouse.limits.forClient(clientId, CLI_ACTOR)).own, { rate: 5 });

    await section.getByLabel('Tokens per day').fill('5000');
    await section.getByRole('button', { name: 'Save limits' }).click();
    await section
      .getByRole('alert')
      .getByText(/above its team or platform limit \(1000\)/)
      .waitFor();
    assert.deepEqual((await server.gatehouse.limits.forClient(clientId, CLI_ACTOR)).own, { rate: 5 });
  });

  test('the team page lists its clients with their limits and today’s tokens', async () => {
    await page.goto(`${server.url}/teams/${teamId}`);
    const section = page.getByRole('region', { name: 'Usage and limits' });
    const row = section.getByRole('row', { name: /checkout/ });
    await row.waitFor();
    assert.match(String(await row.textContent()), /5\/s · 1,000\/day.*0 of 1,000/);
    await screenshot(page, 'team-limits');
  });
});
