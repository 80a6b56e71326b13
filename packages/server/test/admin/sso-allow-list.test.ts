// GATEHOUSE_SSO_ALLOWED_GROUPS against a real OpenID provider: members come in, everyone else
// gets a plain 403 page and an audit event; disabled accounts stay out too.
import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { startTestIdp, type TestIdp } from '../support/test-idp.js';
import { Browser, signIn } from '../upstream-login/browser.js';

const SSO_CLIENT = { id: 'gatehouse-portal', secret: 'portal secret at the idp' };
/** The only platform admin; the test moves her between groups at the provider. */
const erin = { sub: 'erin', email: 'erin@example.com', name: 'Erin', groups: ['gatehouse-admins'] };

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

for (const name of backendNames()) {
  describe(`single sign-on allow-list [${name}]`, () => {
    let backend: TestBackend;
    let server: RunningServer;
    let idp: TestIdp;
    let base = '';
    let callback = '';

    before(async () => {
      const port = await freePort();
      base = `http://localhost:${port}`;
      callback = `${base}/api/v1/auth/sso/callback`;
      idp = await startTestIdp({
        clientId: SSO_CLIENT.id,
        clientSecret: SSO_CLIENT.secret,
        redirectUris: [callback],
        users: [
          { sub: 'alice', email: 'alice@example.com', name: 'Alice', groups: ['staff', 'gatehouse-users'] },
          { sub: 'bob', email: 'bob@example.com', name: 'Bob', groups: ['staff'] },
          { sub: 'nobody', email: 'no<b>dy"@example.com', name: '<script>x</script>', groups: [] },
          { sub: 'dave', email: 'dave@example.com', name: 'Dave', groups: ['gatehouse-users'] },
          erin,
        ],
      });
      backend = await createBackend(name);
      server = await startServer(
        loadConfig(
          { port: String(port) },
          {
            ...backend.env(),
            GATEHOUSE_SSO_ISSUER: idp.issuer,
            GATEHOUSE_SSO_CLIENT_ID: SSO_CLIENT.id,
            GATEHOUSE_SSO_CLIENT_SECRET: SSO_CLIENT.secret,
            GATEHOUSE_SSO_SCOPES: 'openid email profile groups',
            GATEHOUSE_SSO_ALLOWED_GROUPS: 'gatehouse-users, gatehouse-admins',
            GATEHOUSE_SSO_ADMIN_GROUPS: 'gatehouse-admins',
          },
        ),
        { logger: silentLogger },
      );
    });
    after(async () => {
      await server?.close();
      await idp?.close();
      await backend?.cleanup();
    });

    /** Walks the sign-in as `sub` and returns Gatehouse's answer to the callback. */
    const ssoAs = async (sub: string): Promise<{ response: Response; browser: Browser }> => {
      const browser = new Browser();
      const query = await signIn(browser, `${base}/api/v1/auth/sso/start`, callback, sub);
      return { response: await browser.get(`${callback}?${query.toString()}`), browser };
    };
    const denials = async () =>
      (await server.gatehouse.audit.list(CLI_ACTOR, { team: undefined })).events.filter(
        (e) => e.action === 'sso.denied',
      );

    test('a member of an allowed group signs in', async () => {
      const { response } = await ssoAs('alice');
      assert.equal(response.status, 302, await response.text());
      assert.equal(response.headers.get('location'), '/');
      assert.match(response.headers.getSetCookie().join(), /gh_session=[^;]/);
    });

    test('someone in none of the groups gets a 403 page naming the account, and an audit event', async () => {
      const { response } = await ssoAs('bob');
      assert.equal(response.status, 403);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(
        response.headers.getSetCookie().some((c) => /^gh_session=[^;]/.test(c)),
        false,
      );
      const html = await response.text();
      assert.match(html, /Not allowed to use Gatehouse/);
      assert.match(html, /<strong>bob@example\.com<\/strong>/);
      assert.match(html, /administrator to add you to one of the allowed groups/);
      assert.doesNotMatch(html, /\bat .+:\d+:\d+|Error/);
      const [event] = await denials();
      assert.ok(event);
      assert.deepEqual(event.after, {
        subject: `${idp.issuer} bob`,
        email: 'bob@example.com',
        reason: 'not in any of GATEHOUSE_SSO_ALLOWED_GROUPS',
      });
      assert.equal(event.actor.type, 'system');
      assert.doesNotMatch(JSON.stringify(event), /eyJ|code=|access_token|id_token/);
      // No account was made for them.
      const users = await server.gatehouse.users.list(CLI_ACTOR);
      assert.ok(!users.some((u) => u.email === 'bob@example.com'));
    });

    test('what the provider says is escaped on the page', async () => {
      const { response } = await ssoAs('nobody');
      assert.equal(response.status, 403);
      const html = await response.text();
      assert.match(html, /no&lt;b&gt;dy&quot;@example\.com/);
      assert.doesNotMatch(html, /<b>dy|<script>x/);
    });

    test('a disabled account stays out even in an allowed group', async () => {
      const first = await ssoAs('dave');
      assert.equal(first.response.status, 302);
      await server.gatehouse.accounts.disable('dave@example.com', CLI_ACTOR);
      const again = await ssoAs('dave');
      assert.equal(again.response.status, 302);
      assert.equal(again.response.headers.get('location'), '/login?error=account_disabled');
      assert.equal(
        again.response.headers.getSetCookie().some((c) => /^gh_session=[^;]/.test(c)),
        false,
      );
    });

    test('the groups cannot demote the last enabled platform admin; with another admin, they can', async () => {
      erin.groups = ['gatehouse-admins'];
      assert.equal((await ssoAs('erin')).response.status, 302);
      const isAdmin = async () =>
        (await server.gatehouse.users.list(CLI_ACTOR)).find((u) => u.email === erin.email)?.isAdmin;
      assert.equal(await isAdmin(), true);
      erin.groups = ['gatehouse-users'];
      assert.equal((await ssoAs('erin')).response.status, 302);
      assert.equal(await isAdmin(), true, 'still the last admin');
      await server.gatehouse.users.create(
        { email: 'root@example.com', name: 'Root', password: 'root password, long enough', isAdmin: true },
        CLI_ACTOR,
      );
      assert.equal((await ssoAs('erin')).response.status, 302);
      assert.equal(await isAdmin(), false);
    });
  });
}
