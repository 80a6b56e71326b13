// The portal shows each API's RFC 9728 metadata URL, and offers signing key events to platform admins.
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

describe('the portal: protected resource metadata and key events', { skip: browserUnavailable() }, () => {
  let backend: TestBackend;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
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
    apiId = (
      await server.gatehouse.resourceServers.create(
        { identifier: 'https://orders.example.com', name: 'Orders', scopes: [{ name: 'read' }] },
        CLI_ACTOR,
      )
    ).id;
    await server.runtime.poll();
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'New API' }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await backend?.cleanup();
  });

  test("an API's page shows its metadata URL, with a copy button, and the URL serves the document", async () => {
    await page.goto(`${server.url}/apis/${apiId}`);
    const link = page.getByTestId('api-metadata-url');
    await link.waitFor();
    const url = `${server.issuer}/resource-servers/${apiId}/oauth-protected-resource`;
    assert.equal((await link.textContent())?.trim(), url);
    assert.equal(await link.getAttribute('href'), url);
    await page.getByRole('button', { name: 'Copy metadata URL' }).waitFor();
    await screenshot(page, 'api-metadata-url');
    const doc = (await (await fetch(url)).json()) as { resource: string; scopes_supported: string[] };
    assert.deepEqual([doc.resource, doc.scopes_supported], ['https://orders.example.com', ['read']]);
  });

  test('a platform admin filters the audit log by signing key', async () => {
    await page.goto(`${server.url}/audit`);
    const select = page.getByLabel('Target type');
    await select.waitFor();
    await select.selectOption('signing_key');
    assert.equal(await select.inputValue(), 'signing_key');
  });
});
