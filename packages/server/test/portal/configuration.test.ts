// Configuration as code in the portal, in a real browser: a team member exports her team's
// registry, plans an edited file, applies it (the new client's secret shown once), plans again
// to find nothing left to do, and reads a YAML error next to the editor.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config.js';
import { findPortalDir } from '../../src/http/static.js';
import { silentLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { createBackend, type TestBackend } from '../support/backends.js';
import { basicAuth, postForm } from '../support/server.js';
import { browserUnavailable, launch, screenshot } from './browser.js';

const ALICE = { email: 'alice@example.com', name: 'Alice', password: 'alice password 1234' };

interface File {
  resourceServers: { identifier: string; name: string }[];
  clients?: { name: string; team?: string; scopes?: string[] }[];
}

describe('the portal: configuration as code in a real browser', { skip: browserUnavailable() }, () => {
  let backend: TestBackend;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let edited = '';

  before(async () => {
    assert.ok(findPortalDir(), 'the portal is built (npm run build)');
    backend = await createBackend('sqlite');
    server = await startServer(loadConfig({ port: '0' }, backend.env()), { logger: silentLogger });
    const g = server.gatehouse;
    await g.users.create({ ...ALICE }, CLI_ACTOR);
    const teamId = (await g.teams.create({ slug: 'food', name: 'Food' }, CLI_ACTOR)).id;
    await g.teams.addMember('food', { email: ALICE.email, role: 'member' }, CLI_ACTOR);
    await g.resourceServers.create(
      {
        identifier: 'lj-health-food',
        name: 'LJ Health Food',
        scopes: [{ name: 'place-order', description: 'Place an order' }],
      },
      CLI_ACTOR,
      { teamId },
    );
    const other = (await g.teams.create({ slug: 'other', name: 'Other' }, CLI_ACTOR)).id;
    await g.resourceServers.create(
      { identifier: 'other-api', name: 'Other API', scopes: [{ name: 'read' }] },
      CLI_ACTOR,
      { teamId: other },
    );
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

  const editor = () => page.getByLabel('gatehouse.yaml', { exact: true });
  const summary = () => page.getByTestId('plan-summary');
  const applyButton = () => page.getByRole('button', { name: 'Apply', exact: true });

  test('the nav leads to Configuration; Export shows the team’s resource server as YAML', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Configuration' }).click();
    await page.getByRole('heading', { name: 'Configuration', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const exported = page.getByLabel('Exported gatehouse.yaml');
    await exported.waitFor();
    const text = await exported.inputValue();
    assert.match(text, /identifier: lj-health-food/);
    assert.match(text, /name: LJ Health Food/);
    assert.doesNotMatch(text, /gatehouse-admin/);
    await page.getByRole('button', { name: 'Download gatehouse.yaml' }).waitFor();
    await page.getByRole('button', { name: 'Copy', exact: true }).waitFor();

    // The edit: rename the API, and add a client that uses it.
    const file = parse(text) as File;
    const [api] = file.resourceServers;
    assert.ok(api);
    api.name = 'LJ Health';
    file.clients = [{ name: 'delivery-partner', team: 'food', scopes: ['lj-health-food/place-order'] }];
    edited = stringify(file);
  });

  test('Plan shows the edited file’s changes; Apply waits for a plan of the same text', async () => {
    await page.getByRole('button', { name: 'Edit and plan' }).click();
    assert.match(await editor().inputValue(), /identifier: lj-health-food/, 'the export, ready to edit');
    await editor().fill(edited);
    assert.equal(await applyButton().isDisabled(), true, 'no plan yet');
    await page.getByRole('button', { name: 'Plan', exact: true }).click();
    await summary().waitFor();
    assert.equal(await summary().textContent(), '1 to create, 1 to change, 0 to delete.');
    const toChange = page.getByRole('list', { name: 'To change' });
    assert.match(
      String(await toChange.textContent()),
      /resource server lj-health-food~ changed: name: "LJ Health Food" → "LJ Health"/,
    );
    const toCreate = page.getByRole('list', { name: 'To create' });
    assert.match(String(await toCreate.textContent()), /client delivery-partner \(team food\)/);
    // From the top, where the sticky header belongs.
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'configuration-plan');

    // Another option than the plan's: Apply waits for a new plan.
    await page.getByLabel(/Delete what the file does not list/).check();
    assert.equal(await applyButton().isDisabled(), true);
    await page.getByLabel(/Delete what the file does not list/).uncheck();
    assert.equal(await applyButton().isDisabled(), false);
  });

  test('Apply restates the plan, creates the client and shows its secret once', async () => {
    await applyButton().click();
    const dialog = page.getByRole('dialog', { name: 'Apply this plan?' });
    assert.equal(
      await dialog.getByTestId('confirm-summary').textContent(),
      '1 to create, 1 to change, 0 to delete.',
    );
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.getByTestId('applied-summary').waitFor();
    assert.equal(
      await page.getByTestId('applied-summary').textContent(),
      'Applied: 1 created, 1 changed, 0 deleted.',
    );
    assert.equal(await summary().count(), 0, 'the plan is spent');
    assert.equal(await applyButton().isDisabled(), true);
    assert.equal(await page.getByLabel('Exported gatehouse.yaml').count(), 0, 'the old export is gone');

    const box = page.getByRole('region', { name: 'The new client’s secret' });
    await box.getByText('They will not be shown again').waitFor();
    const clientId = String(await box.getByTestId('created-client-id').textContent());
    const secret = String(await box.getByTestId('created-secret').textContent());
    await box.getByRole('button', { name: 'Copy secret of delivery-partner' }).waitFor();
    await screenshot(page, 'configuration-applied');
    const token = await postForm(
      `${server.url}/oauth2/token`,
      { grant_type: 'client_credentials', scope: 'lj-health-food/place-order' },
      basicAuth(clientId, secret),
    );
    assert.equal(token.status, 200, token.text);
    const api = (await server.gatehouse.resourceServers.list(CLI_ACTOR)).find(
      (r) => r.identifier === 'lj-health-food',
    );
    assert.equal(api?.name, 'LJ Health');

    await box.getByRole('button', { name: 'I have stored the secret' }).click();
    await box.waitFor({ state: 'detached' });
    assert.equal(await page.getByText(secret).count(), 0, 'the secret is gone for good');
  });

  test('a plan of the same file afterwards shows no changes', async () => {
    await page.getByRole('button', { name: 'Plan', exact: true }).click();
    await summary().waitFor();
    assert.equal(await summary().textContent(), 'No changes: the registry matches the file.');
    assert.equal(await applyButton().isDisabled(), true);
  });

  test('a YAML error shows its line next to the editor, tied to it', async () => {
    await editor().fill('resourceServers:\n  - identifier: x\n    name: [unclosed\n');
    await page.getByRole('button', { name: 'Plan', exact: true }).click();
    const error = page.getByTestId('editor-error');
    await error.waitFor();
    assert.match(String(await error.textContent()), /The file has a problem:.*Line \d+: /);
    assert.equal(await editor().getAttribute('aria-invalid'), 'true');
    const described = String(await editor().getAttribute('aria-describedby')).split(' ');
    assert.ok(described.includes(String(await error.getAttribute('id'))), 'the error describes the editor');
    assert.equal(await summary().count(), 0);

    // A schema problem names its field and line; "Line 3" selects that line.
    await editor().fill('resourceServers:\n  - identifier: x\n    tokenTtl: 5\n');
    await page.getByRole('button', { name: 'Plan', exact: true }).click();
    await error
      .getByText(/resourceServers\.0\.(tokenTtl|name)/)
      .first()
      .waitFor();
    assert.match(String(await error.textContent()), /Line 3: resourceServers\.0\.tokenTtl: /);
    await error.getByRole('button', { name: 'Line 3' }).click();
    const selected = await editor().evaluate((el) => {
      // No DOM types on the server side: the textarea's own fields, by name.
      const area = el as unknown as { value: string; selectionStart: number; selectionEnd: number };
      return area.value.slice(area.selectionStart, area.selectionEnd);
    });
    assert.equal(selected, '    tokenTtl: 5');
  });

  test('a refusal says what is not allowed, next to the editor', async () => {
    // Another team's scope takes an access request; a file cannot just take it.
    await editor().fill('clients:\n  - name: sneaky\n    scopes: [other-api/read]\n');
    await page.getByRole('button', { name: 'Plan', exact: true }).click();
    const error = page.getByTestId('editor-error');
    await error.getByText(/^Not allowed: /).waitFor();
    assert.match(String(await error.textContent()), /other-api/);
    assert.equal(await summary().count(), 0);
  });
});
