import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Me } from '@gatehouse/schemas';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import { findPortalDir } from '../../src/http/static.js';
import { createBackend, type TestBackend } from '../support/backends.js';
import { basicAuth, postForm } from '../support/server.js';
import { startTestIdp, type TestIdp } from '../support/test-idp.js';
import { browserUnavailable, launch, screenshot } from './browser.js';
import { recordChange } from '../../src/store/repos/changes.js';

const ADMIN = { email: 'admin@example.com', password: 'admin password 1234' };
const ALICE = { email: 'alice@example.com', name: 'Alice', password: 'alice password 1234' };
const BOB = { email: 'bob@example.com', name: 'Bob', password: 'bob password 12345' };
const SSO_CLIENT = { id: 'gatehouse-portal', secret: 'portal secret at the idp' };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function signIn(page: Page, base: string, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'New API' }).waitFor();
}

/** The header's navigation: pages also link to the same places from their empty states. */
const nav = (page: Page) => page.getByRole('navigation').first();

const skip = browserUnavailable();

describe('the portal in a real browser', { skip }, () => {
  let backend: TestBackend;
  let server: RunningServer;
  let idp: TestIdp;
  let browser: Browser;
  let base: string;

  before(async () => {
    assert.ok(findPortalDir(), 'the portal is built (npm run build)');
    const port = await freePort();
    base = `http://localhost:${port}`;
    idp = await startTestIdp({
      clientId: SSO_CLIENT.id,
      clientSecret: SSO_CLIENT.secret,
      redirectUris: [`${base}/api/v1/auth/sso/callback`],
      users: [{ sub: 'carol', email: 'carol@example.com', name: 'Carol', groups: ['orders-devs'] }],
    });
    backend = await createBackend('sqlite');
    server = await startServer(
      loadConfig(
        { port: String(port) },
        {
          ...backend.env(),
          GATEHOUSE_ADMIN_EMAIL: ADMIN.email,
          GATEHOUSE_ADMIN_PASSWORD: ADMIN.password,
          GATEHOUSE_SSO_ISSUER: idp.issuer,
          GATEHOUSE_SSO_CLIENT_ID: SSO_CLIENT.id,
          GATEHOUSE_SSO_CLIENT_SECRET: SSO_CLIENT.secret,
          GATEHOUSE_SSO_SCOPES: 'openid email profile groups',
          GATEHOUSE_SSO_LABEL: 'Test IdP',
          GATEHOUSE_SSO_TEAM_GROUPS: 'orders-devs=orders:member',
        },
      ),
      { logger: silentLogger },
    );
    // Two teams, set up through the same services the CLI uses; everything after this is the browser.
    const g = server.gatehouse;
    for (const person of [ALICE, BOB]) await g.users.create({ ...person }, CLI_ACTOR);
    await g.teams.create({ slug: 'shop', name: 'Shop' }, CLI_ACTOR);
    await g.teams.create({ slug: 'orders', name: 'Orders' }, CLI_ACTOR);
    await g.teams.addMember('shop', { email: ALICE.email, role: 'owner' }, CLI_ACTOR);
    await g.teams.addMember('orders', { email: BOB.email, role: 'owner' }, CLI_ACTOR);
    await g.resourceServers.create(
      {
        identifier: 'orders-api',
        name: 'Orders API',
        description: 'Orders placed by shoppers',
        scopes: [{ name: 'place-order', description: 'Place an order' }],
      },
      CLI_ACTOR,
      { teamId: 'orders' },
    );
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await idp?.close();
    await backend?.cleanup();
  });

  let clientId = '';
  let secret = '';

  test('sign in locally, register an API and a client, copy its secret, and get a token with it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await screenshot(page, 'login');
    await signIn(page, base, ALICE);

    await page.getByRole('button', { name: 'New API' }).click();
    const apiDialog = page.getByRole('dialog');
    await apiDialog.getByLabel('Identifier').fill('shop api');
    await apiDialog.getByLabel('Name', { exact: true }).fill('Shop API');
    // Validation as you type, with the server's own rules.
    await apiDialog.getByText(/must be an absolute URI or a short name/).waitFor();
    await apiDialog.getByLabel('Identifier').fill('shop-api');
    await apiDialog.getByLabel('Description', { exact: true }).fill('Carts and checkouts');
    await apiDialog.getByLabel('Scope 1 name').fill('read-cart');
    await apiDialog.getByLabel('Scope 1 description').fill('Read a cart');
    await screenshot(page, 'new-api');
    await apiDialog.getByRole('button', { name: 'Create API' }).click();
    await page.getByRole('heading', { name: 'Shop API' }).waitFor();

    await nav(page).getByRole('link', { name: 'Home' }).click();
    await page.getByRole('button', { name: 'New client' }).click();
    const clientDialog = page.getByRole('dialog');
    await clientDialog.getByLabel('Name', { exact: true }).fill('checkout');
    await clientDialog.getByLabel('Description', { exact: true }).fill('The checkout service');
    await clientDialog.getByRole('checkbox', { name: /^shop-api\/read-cart/ }).check();
    assert.equal(
      await clientDialog.getByRole('checkbox', { name: /^orders-api\/place-order/ }).isDisabled(),
      true,
    );
    await screenshot(page, 'new-client');
    await clientDialog.getByRole('button', { name: 'Create client' }).click();

    const shown = page.getByTestId('new-secret');
    await shown.waitFor();
    secret = (await shown.textContent())?.trim() ?? '';
    assert.match(secret, /^ghs_[A-Za-z0-9_-]{43}$/);
    clientId = (await page.getByTestId('client-id').textContent())?.trim() ?? '';
    await page.getByRole('button', { name: 'Copy secret' }).click();
    // The copy finishes after the click returns; the button's status says when.
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), secret);
    await screenshot(page, 'client');

    const answer = await postForm(
      `${base}/oauth2/token`,
      { grant_type: 'client_credentials', scope: 'shop-api/read-cart' },
      basicAuth(clientId, secret),
    );
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body?.scope, 'read-cart');

    // Leaving while the secret is on screen asks first: staying keeps it there.
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await nav(page).getByRole('link', { name: 'Home' }).click();
    assert.deepEqual(asked, [
      'confirm: The new secret is shown only now and will not be shown again. Leave this page anyway?',
    ]);
    assert.equal((await shown.textContent())?.trim(), secret);
    assert.match(page.url(), /\/clients\//);

    // Shown once: after a reload (the browser asks too, and the person leaves) only the hint.
    page.once('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.accept();
    });
    await page.reload();
    assert.equal(asked[1], 'beforeunload');
    await page.getByTestId('client-id').waitFor();
    assert.equal(await page.getByTestId('new-secret').count(), 0);
    assert.equal((await page.content()).includes(secret), false);

    await nav(page).getByRole('link', { name: 'Home' }).click();
    await page.getByRole('link', { name: 'checkout' }).waitFor();
    await screenshot(page, 'home');
    await context.close();
  });

  test("request another team's scope as one user, approve it as another, and the token carries it", async () => {
    const alice = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await signIn(alice, base, ALICE);
    await nav(alice).getByRole('link', { name: 'Catalogue' }).click();
    await alice.getByRole('button', { name: 'Request access to orders-api/place-order' }).click();
    const dialog = alice.getByRole('dialog');
    await dialog.getByLabel('Client').selectOption(clientId);
    await dialog.getByLabel('Reason').fill('Checkout places the order once paid');
    await screenshot(alice, 'catalogue');
    await dialog.getByRole('button', { name: 'Send request' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const denied = await postForm(
      `${base}/oauth2/token`,
      { grant_type: 'client_credentials', scope: 'orders-api/place-order' },
      basicAuth(clientId, secret),
    );
    assert.equal(denied.body?.error, 'invalid_scope');

    const bob = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await signIn(bob, base, BOB);
    await nav(bob)
      .getByRole('link', { name: /Access requests/ })
      .click();
    await bob.getByRole('button', { name: /^Approve checkout for/ }).click();
    await bob.getByRole('dialog').getByLabel('Comment (optional)').fill('Approved for the launch');
    await screenshot(bob, 'access-requests');
    await bob.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
    await bob
      .getByRole('table', { name: 'Decided access requests' })
      .getByText('Approved for the launch')
      .waitFor();

    const granted = await postForm(
      `${base}/oauth2/token`,
      { grant_type: 'client_credentials', scope: 'orders-api/place-order' },
      basicAuth(clientId, secret),
    );
    assert.equal(granted.status, 200, granted.text);
    assert.equal(granted.body?.scope, 'place-order');

    await nav(alice)
      .getByRole('link', { name: /Access requests/ })
      .click();
    await alice.getByRole('tab', { name: 'Sent' }).click();
    await alice.getByText('Approved for the launch').waitFor();
    await alice.context().close();
    await bob.context().close();
  });

  test('an owner invites by email; the invitee sees the invitation when signed in and accepts it', async () => {
    const alice = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await signIn(alice, base, ALICE);
    await nav(alice).getByRole('link', { name: 'Teams' }).click();
    await alice.getByRole('link', { name: 'Shop' }).click();
    await alice.getByRole('heading', { name: 'Shop' }).waitFor();
    for (const email of [BOB.email, 'carol@example.com', 'dave@example.com']) {
      await alice.getByRole('button', { name: 'Invite' }).click();
      const dialog = alice.getByRole('dialog');
      await dialog.getByLabel('Email').fill(email);
      if (email === BOB.email) await screenshot(alice, 'team-invite-dialog');
      await dialog.getByRole('button', { name: 'Send invitation' }).click();
      await dialog.waitFor({ state: 'detached' });
      await alice.getByRole('cell', { name: email, exact: true }).waitFor();
    }
    // An invitation is no membership.
    const members = alice.getByRole('table', { name: 'Team members' });
    assert.equal(await members.getByText(BOB.email).count(), 0);
    await screenshot(alice, 'team-invitations');
    await alice.getByRole('button', { name: 'Revoke the invitation for dave@example.com' }).click();
    await alice.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await alice.getByRole('cell', { name: 'dave@example.com', exact: true }).waitFor({ state: 'detached' });

    const bob = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await signIn(bob, base, BOB);
    const notice = bob.getByRole('region', { name: 'Invitations for you' });
    await notice.getByText('Alice invited you to join Shop as a member.').waitFor();
    await screenshot(bob, 'invitation-for-you');
    await notice.getByRole('button', { name: 'Accept the invitation to Shop' }).click();
    await bob.getByText('You joined Shop as member.').waitFor();
    await notice.waitFor({ state: 'detached' });
    const me = (await bob.evaluate("fetch('/api/v1/me').then((r) => r.json())")) as Me;
    assert.deepEqual(me.teams.map((t) => [t.slug, t.role]).sort(), [
      ['orders', 'owner'],
      ['shop', 'member'],
    ]);

    await alice.reload();
    await members.getByRole('cell', { name: BOB.email }).waitFor();
    await bob.context().close();
    await alice.context().close();
  });

  test('sign in through the company identity provider; the group maps to a team', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${base}/login`);
    await page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await page.getByLabel('Username').fill('carol');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.href.startsWith(base) && !url.pathname.startsWith('/login'));
    await page.getByRole('button', { name: 'New API' }).waitFor();
    // Page scripts are strings here: the server's TypeScript has no DOM types.
    const me = (await page.evaluate("fetch('/api/v1/me').then((r) => r.json())")) as Me;
    assert.equal(me.user.email, 'carol@example.com');
    assert.equal(me.user.source, 'sso');
    assert.deepEqual(
      me.teams.map((t) => [t.slug, t.role]),
      [['orders', 'member']],
    );
    // As a member of the orders team, Carol sees its API.
    await page.getByRole('link', { name: 'Orders API' }).waitFor();
    // Shop invited her email before she ever signed in: she sees it, and says no.
    const notice = page.getByRole('region', { name: 'Invitations for you' });
    await notice.getByText('Alice invited you to join Shop as a member.').waitFor();
    await notice.getByRole('button', { name: 'Decline the invitation to Shop' }).click();
    await notice.waitFor({ state: 'detached' });
    const after = (await page.evaluate("fetch('/api/v1/me').then((r) => r.json())")) as Me;
    assert.deepEqual(
      after.teams.map((t) => t.slug),
      ['orders'],
    );
    await page.context().close();
  });

  test('the audit log shows every change, and the pages fit a phone', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await signIn(page, base, ADMIN);
    await nav(page).getByRole('link', { name: 'Audit' }).click();
    await page.getByText('access_request.approve').first().waitFor();
    await screenshot(page, 'audit');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'New API' }).waitFor();
    const overflow = (await page.evaluate(
      'document.documentElement.scrollWidth - window.innerWidth',
    )) as number;
    assert.ok(overflow <= 1, `no sideways scrolling on a phone (overflow ${overflow}px)`);
    await screenshot(page, 'home-phone');
    await page.context().close();
  });

  test('the copy-ready snippets run nothing when an identifier holds shell or JavaScript syntax', async () => {
    // Identifiers like this are refused today; one stored before the rules must still be harmless.
    const marker = join(backend.dataDir, 'pwned');
    const evil = `https://evil.example.com/$(touch${'${IFS}'}${marker})';touch${'${IFS}'}${marker};'"\`id\``;
    const g = server.gatehouse;
    const api = await g.resourceServers.create(
      { identifier: 'evil-later', name: 'Evil API', scopes: [{ name: 'read' }] },
      CLI_ACTOR,
      { teamId: 'shop' },
    );
    await g.db.transaction(async (tx) => {
      await tx.run('UPDATE resource_servers SET identifier = ? WHERE id = ?', [evil, api.id]);
      await recordChange(tx, 'resource_server', api.id, Date.now());
    });
    await server.runtime.poll();
    for (const authMethod of ['client_secret_basic', 'client_secret_post'] as const) {
      const { client } = await g.clients.create(
        { name: `snippets ${authMethod}`, authMethod, scopes: [`${evil}/read`] },
        CLI_ACTOR,
        { teamId: 'shop' },
      );
      const page = await (await browser.newContext()).newPage();
      await signIn(page, base, ADMIN);
      await page.goto(`${base}/clients/${client.clientId}`);
      const curl = (await page.getByTestId('snippet-curl').textContent()) ?? '';
      const node = (await page.getByTestId('snippet-node').textContent()) ?? '';
      await page.context().close();

      // Pasted into bash, with curl standing in to print what it was given.
      const script = `curl() { printf '%s\\0' "$@"; }\nCLIENT_SECRET='s3cret'\n${curl}`;
      const out = execFileSync('bash', ['--noprofile', '--norc', '-c', script], { encoding: 'utf8' });
      assert.equal(existsSync(marker), false, `the ${authMethod} curl snippet ran a command`);
      const args = out.split('\0');
      assert.ok(args.includes(`scope=${evil}/read`), args.join(' | '));
      assert.ok(args.includes(`${base}/oauth2/token`) || args.includes(`${server.issuer}/oauth2/token`));
      if (authMethod === 'client_secret_basic') assert.ok(args.includes(`${client.clientId}:s3cret`));
      else assert.ok(args.includes('client_secret=s3cret') && args.includes(`client_id=${client.clientId}`));

      // The Node.js snippet: the scopes array is a JavaScript literal of exactly the scope.
      const scopes = /scopes: (\[.*\]),/.exec(node)?.[1] ?? '';
      assert.deepEqual(Array.from(runInNewContext(scopes) as string[]), [`${evil}/read`]);
      assert.equal(runInNewContext(/clientId: ('.*'),/.exec(node)?.[1] ?? ''), client.clientId);
    }
  });
});
