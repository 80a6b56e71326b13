import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
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
/** A callback URL with characters that must be escaped in a JavaScript string. */
const CALLBACK = "https://shop.example.com/auth/callback?from='portal'\\";
const DOCS_IMAGE = join(import.meta.dirname, '..', '..', '..', '..', '..', 'docs', 'images');

/** The value of `const NAME = …;` in a snippet, evaluated as JavaScript. */
function constant(snippet: string, name: string): unknown {
  const literal = new RegExp(`^const ${name} = (.*);$`, 'm').exec(snippet)?.[1];
  assert.ok(literal, `${name} in the snippet`);
  return runInNewContext(literal);
}

/** Node parses the snippet as a module: it is valid JavaScript as pasted (imports are not resolved). */
function assertParses(snippet: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-snippet-'));
  try {
    const file = join(dir, 'snippet.mjs');
    writeFileSync(file, snippet);
    execFileSync(process.execPath, ['--check', file], { stdio: 'pipe' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const skip = browserUnavailable();

describe('the portal manages user pools in a real browser', { skip }, () => {
  let backend: TestBackend;
  let server: RunningServer;
  let browser: Browser;
  let base: string;
  let page: Page;

  before(async () => {
    assert.ok(findPortalDir(), 'the portal is built (npm run build)');
    backend = await createBackend('sqlite');
    server = await startServer(
      loadConfig(
        { port: '0' },
        {
          ...backend.env(),
          GATEHOUSE_ADMIN_EMAIL: ADMIN.email,
          GATEHOUSE_ADMIN_PASSWORD: ADMIN.password,
        },
      ),
      { logger: silentLogger },
    );
    base = server.url;
    await server.gatehouse.users.create({ ...ALICE }, CLI_ACTOR);
    await server.gatehouse.teams.create({ slug: 'shop', name: 'Shop' }, CLI_ACTOR);
    await server.gatehouse.teams.addMember('shop', { email: ALICE.email, role: 'owner' }, CLI_ACTOR);
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await page.goto(`${base}/login`);
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

  let poolId = '';

  test('create a pool and brand it, with a live preview', async () => {
    await page.getByRole('navigation').first().getByRole('link', { name: 'User pools' }).click();
    await page.getByRole('heading', { name: 'User pools', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New user pool' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Shoppers');
    await dialog.getByLabel('Minimum password length').fill('8');
    await dialog.getByRole('button', { name: 'Create user pool' }).click();
    await page.getByRole('heading', { name: 'Shoppers', level: 1 }).waitFor();
    poolId = (await page.getByTestId('pool-id').textContent())?.trim() ?? '';
    assert.match(poolId, /^local_[A-Za-z0-9]{9}$/);
    assert.equal(await page.getByTestId('pool-issuer').textContent(), `${server.issuer}/pools/${poolId}`);

    await page.getByLabel('Display name').fill('LJ Health Food');
    await page.getByLabel('Primary colour', { exact: true }).fill('#0a7d32');
    assert.equal(await page.getByTestId('preview-name').textContent(), 'LJ Health Food');
    const button = page.getByTestId('preview-button');
    const style = () =>
      button.evaluate((el) => {
        const { backgroundColor, color } = (el as unknown as { style: Record<string, string> }).style;
        return { backgroundColor, color };
      });
    assert.deepEqual(await style(), { backgroundColor: 'rgb(10, 125, 50)', color: 'rgb(255, 255, 255)' });
    await page.getByLabel('Primary colour', { exact: true }).fill('#ffee00');
    assert.deepEqual(await style(), { backgroundColor: 'rgb(255, 238, 0)', color: 'rgb(0, 0, 0)' });
    await page.getByLabel('Primary colour', { exact: true }).fill('not a colour');
    await page.getByText('must be a colour such as #1a73e8').waitFor();
    await page.getByLabel('Primary colour', { exact: true }).fill('#0a7d32');
    // From the top: the sticky header would otherwise sit in the middle of a full-page picture.
    await page.evaluate('window.scrollTo(0, 0)');
    // The README's picture changes only when asked: every run would otherwise dirty the tree.
    if (process.env.GATEHOUSE_UPDATE_DOC_IMAGES === '1') {
      mkdirSync(DOCS_IMAGE, { recursive: true });
      await page.screenshot({ path: join(DOCS_IMAGE, 'portal-user-pools.png'), fullPage: true });
    }
    await screenshot(page, 'user-pool-settings');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    const saved = await server.gatehouse.userPools.get(poolId, CLI_ACTOR);
    assert.deepEqual(saved.settings.branding, { displayName: 'LJ Health Food', primaryColor: '#0a7d32' });
    assert.equal(saved.settings.passwordPolicy.minLength, 8);
  });

  test('create app clients: the secret once, snippets with the real URLs, quoted', async () => {
    await page.getByRole('tab', { name: 'App clients' }).click();
    await page.getByRole('button', { name: 'New app client' }).first().click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Shop web');
    await dialog.getByLabel('Callback URLs').fill(CALLBACK);
    await dialog.getByLabel('Sign-out URLs').fill('https://shop.example.com/');
    await dialog.getByRole('button', { name: 'Create app client' }).click();

    const secret = (await page.getByTestId('app-client-secret').textContent())?.trim() ?? '';
    const clientId = (await page.getByTestId('app-client-id').first().textContent())?.trim() ?? '';
    assert.ok(
      await server.gatehouse.appClients.authenticate(clientId, secret),
      'the secret shown is the one',
    );
    const express = (await page.getByTestId('snippet-express').first().textContent()) ?? '';
    assertParses(express);
    assert.equal(constant(express, 'POOL'), `${server.issuer}/pools/${poolId}`);
    assert.equal(constant(express, 'CLIENT_ID'), clientId);
    assert.equal(constant(express, 'REDIRECT_URI'), CALLBACK);
    assert.equal(constant(express, 'LOGOUT_URI'), 'https://shop.example.com/');
    assert.match(express, /grant_type: 'authorization_code'/);
    assert.match(express, /'Basic ' \+ Buffer\.from/);
    assert.ok(!express.includes(secret), 'the secret is never written into a snippet');
    await screenshot(page, 'user-pool-app-client');
    await page.getByRole('button', { name: 'I have stored the secret' }).click();
    await page.getByTestId('app-client-secret').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'New app client' }).first().click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Shop SPA');
    await dialog.getByLabel(/^Public/).check();
    await dialog.getByLabel('Callback URLs').fill('http://localhost:5173/callback');
    await dialog.getByRole('button', { name: 'Create app client' }).click();
    const spa = page.getByTestId('snippet-spa');
    await spa.waitFor();
    const code = (await spa.textContent()) ?? '';
    assertParses(code);
    assert.match(code, new RegExp(`authority: '${server.issuer}/pools/${poolId}',`));
    assert.match(code, /redirect_uri: 'http:\/\/localhost:5173\/callback',/);
    assert.equal(await page.getByTestId('app-client-secret').count(), 0, 'a public client has no secret');
    const backend =
      (await page.getByRole('region', { name: 'Shop SPA' }).getByTestId('snippet-express').textContent()) ??
      '';
    assertParses(backend);
    assert.match(backend, /code_challenge_method: 'S256'/);
    assert.match(backend, /code_verifier: req\.session\.verifier/);
    assert.doesNotMatch(backend, /CLIENT_SECRET|authorization:/, 'a public client sends no secret');
  });

  test('create a user, confirm them, disable them, and see their sessions', async () => {
    await page.getByRole('tab', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Username', { exact: true }).fill('dana');
    await dialog.getByLabel('Email', { exact: true }).fill('dana@example.com');
    await dialog.getByLabel('Password', { exact: true }).fill('correct horse battery 9');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    const table = page.getByRole('table', { name: 'Users of the pool' });
    await table.getByText('UNCONFIRMED').waitFor();
    await page.getByRole('button', { name: 'Confirm dana' }).click();
    await table.getByText('CONFIRMED', { exact: true }).waitFor();
    assert.equal((await server.gatehouse.poolUsers.get(poolId, 'dana', CLI_ACTOR)).status, 'CONFIRMED');
    await page.getByRole('button', { name: 'Disable dana' }).click();
    await table.getByText('Disabled').waitFor();
    await page.getByRole('button', { name: 'Enable dana' }).click();
    await table.getByText('Disabled').waitFor({ state: 'detached' });

    await page.getByLabel('Search users').fill('zz');
    await page.getByText('No user matches.').waitFor();
    await page.getByLabel('Search users').fill('DA');
    await table.getByText('dana@example.com').waitFor();

    await page.getByRole('button', { name: 'Sessions of dana' }).click();
    await page.getByRole('dialog').getByText('Not signed in anywhere.').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await screenshot(page, 'user-pool-users');
  });

  test('groups: create one and add the user', async () => {
    await page.getByRole('tab', { name: 'Groups' }).click();
    await page.getByRole('button', { name: 'New group' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('staff');
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await page.getByLabel('Add a member to staff').selectOption('dana');
    await page.getByRole('button', { name: 'Add to staff' }).click();
    await page.getByRole('list', { name: 'Members of staff' }).getByText('dana').waitFor();
    assert.deepEqual((await server.gatehouse.poolUsers.get(poolId, 'dana', CLI_ACTOR)).groups, ['staff']);
  });
});
