import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Invitation, Member } from '@gatehouse/schemas';
import { openGatehouse } from '../../src/services/gatehouse.js';
import { SYSTEM_ACTOR } from '../../src/services/actor.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { assertNoStack, cliFor, ok } from './helpers.js';

for (const name of backendNames()) {
  describe(`gatehouse teams invite and add-member (${name})`, () => {
    let backend: TestBackend;
    let gatehouse: ReturnType<typeof cliFor>;
    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend);
      const created = await gatehouse('teams', 'create', '--slug', 'orders', '--name', 'Orders');
      assert.equal(created.code, 0, created.stderr);
      // The first owner, too, is asked rather than added.
      assert.match(created.stdout, /gatehouse teams invite orders --email person@example\.com --role owner/);
    });
    after(() => backend.cleanup());

    const auditActions = async () => {
      const g = await openGatehouse(backend.config());
      try {
        const { events } = await g.audit.list({ ...SYSTEM_ACTOR, isAdmin: true }, { team: undefined });
        return events.map((e) => `${e.actor.name} ${e.action}`);
      } finally {
        await g.close();
      }
    };

    test('invite makes a pending invitation, whether or not the person has an account', async () => {
      const text = await gatehouse(
        'teams',
        'invite',
        'orders',
        '--email',
        'Kim@Example.com',
        '--role',
        'owner',
      );
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /^Invited kim@example\.com to orders as owner \(inv_\w+\)\.$/m);
      assert.match(text.stdout, /They see it in the portal after signing in with that email/);
      // Again: the same invitation, refreshed.
      const again = await ok<Invitation>(
        gatehouse('teams', 'invite', 'orders', '--email', 'kim@example.com', '--json'),
      );
      assert.equal(again.status, 'pending');
      assert.equal(again.role, 'member');
      assert.equal(again.invitedBy.name, 'the Gatehouse operator');
      assert.equal(text.stdout.match(/\((inv_\w+)\)/)?.[1], again.id);
      const actions = await auditActions();
      assert.ok(actions.includes('cli team.invitation_create'), actions.join('\n'));
      assert.ok(actions.includes('cli team.invitation_refresh'), actions.join('\n'));
    });

    test('add-member stays for the operator: direct, audited as made by cli', async () => {
      const withPassword = cliFor(backend, { GATEHOUSE_NEW_PASSWORD: 'a long enough password' });
      const created = await withPassword(
        'users',
        'create',
        '--email',
        'lee@example.com',
        '--name',
        'Lee',
        '--json',
      );
      assert.equal(created.code, 0, created.stderr);
      const member = await ok<Member>(
        gatehouse('teams', 'add-member', 'orders', '--email', 'lee@example.com', '--role', 'owner', '--json'),
      );
      assert.equal(member.role, 'owner');
      assert.equal(member.email, 'lee@example.com');
      assert.ok((await auditActions()).includes('cli team.member_add'));
    });

    test('mistakes get a message, not a stack trace', async () => {
      const badRole = await gatehouse(
        'teams',
        'invite',
        'orders',
        '--email',
        'x@example.com',
        '--role',
        'boss',
      );
      assert.notEqual(badRole.code, 0);
      assertNoStack(badRole);
      const badEmail = await gatehouse('teams', 'invite', 'orders', '--email', 'not an email');
      assert.notEqual(badEmail.code, 0);
      assert.match(badEmail.stderr, /email/);
      assertNoStack(badEmail);
      const noTeam = await gatehouse('teams', 'invite', 'nowhere', '--email', 'x@example.com');
      assert.notEqual(noTeam.code, 0);
      assert.match(noTeam.stderr, /no team "nowhere"/);
      assertNoStack(noTeam);
    });
  });
}
