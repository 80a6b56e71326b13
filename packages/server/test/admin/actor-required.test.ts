// Compiled by `tsc -b`: every `@ts-expect-error` below must meet a type error, or the build fails.
// So this file proves that no service method that acts for someone runs without being told who:
// a forgotten actor is a compile error, never a call with the CLI's platform-admin rights.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Gatehouse } from '../../src/services/gatehouse.js';
import { CLI_ACTOR } from '../../src/services/actor.js';

/** Never called: it exists for the type checker. */
function withoutActor(g: Gatehouse): unknown[] {
  const team = { email: 'kim@example.com' };
  return [
    // @ts-expect-error the actor is required
    g.clients.create({ name: 'svc' }),
    // @ts-expect-error the actor is required
    g.clients.list(),
    // @ts-expect-error the actor is required
    g.clients.get('c1'),
    // @ts-expect-error the actor is required
    g.clients.setEnabled('c1', false),
    // @ts-expect-error the actor is required
    g.clients.update('c1', { name: 'x' }),
    // @ts-expect-error the actor is required
    g.clients.delete('c1'),
    // @ts-expect-error the actor is required
    g.clients.addPermissions('c1', ['orders/read']),
    // @ts-expect-error the actor is required
    g.clients.removePermissions('c1', ['orders/read']),
    // @ts-expect-error the actor is required
    g.clients.setKeys('c1', { keys: [] }),
    // @ts-expect-error the actor is required
    g.secrets.add('c1', {}),
    // @ts-expect-error the actor is required
    g.secrets.list('c1'),
    // @ts-expect-error the actor is required
    g.secrets.revoke('c1', 'sec_1'),
    // @ts-expect-error the actor is required
    g.resourceServers.create({ identifier: 'orders', name: 'Orders' }),
    // @ts-expect-error the actor is required
    g.resourceServers.list(),
    // @ts-expect-error the actor is required
    g.resourceServers.get('orders'),
    // @ts-expect-error the actor is required
    g.resourceServers.delete('orders', {}),
    // @ts-expect-error the actor is required
    g.resourceServers.addScope('orders', { name: 'read' }),
    // @ts-expect-error the actor is required
    g.resourceServers.removeScope('orders', 'read'),
    // @ts-expect-error the actor is required
    g.teams.list(),
    // @ts-expect-error the actor is required
    g.teams.get('orders'),
    // @ts-expect-error the actor is required
    g.teams.create({ slug: 'orders', name: 'Orders' }),
    // @ts-expect-error the actor is required
    g.teams.addMember('orders', team),
    // @ts-expect-error the actor is required
    g.teams.changeRole('orders', 'usr_1', { role: 'owner' }),
    // @ts-expect-error the actor is required
    g.teams.removeMember('orders', 'usr_1'),
    // @ts-expect-error the actor is required
    g.invitations.invite('orders', team),
    // @ts-expect-error the actor is required
    g.users.list(),
    // @ts-expect-error the actor is required
    g.users.create({ email: 'kim@example.com', name: 'Kim', password: 'correct horse battery' }),
  ];
}

/** Never called either: the same calls type-check once they name their actor. */
function withActor(g: Gatehouse): unknown[] {
  return [g.clients.list(CLI_ACTOR), g.teams.list(CLI_ACTOR), g.users.list(CLI_ACTOR)];
}

test('service methods that act for someone require their actor', () => {
  assert.equal(typeof withoutActor, 'function');
  assert.equal(typeof withActor, 'function');
});
