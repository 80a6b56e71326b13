// Compiled by `tsc -b`: every `@ts-expect-error` below must meet a type error, or the build fails.
// So this file proves that a machine client cannot be made a platform admin by any code path.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor, ClientActor } from '../../src/services/actor.js';
import { isMember, requireScope } from '../../src/services/authz.js';
import { requireMayPermit } from '../../src/services/permission-authority.js';
import { ForbiddenError } from '../../src/services/errors.js';

const base = { id: 'c1', name: 'robot', teams: new Map(), ip: null, userAgent: null };

test('a client actor is never an admin and always carries its scopes and holdings', () => {
  const client: ClientActor = {
    ...base,
    type: 'client',
    isAdmin: false,
    everyTeam: true,
    scopes: new Set(['clients:write']),
    holds: new Map([['rs_1', ['read']]]),
  };
  // @ts-expect-error a client is never a platform admin
  const admin: Actor = { ...client, isAdmin: true };
  // @ts-expect-error a client without a scope set would read as "not limited by scope"
  const unlimited: Actor = { ...client, scopes: null };
  // @ts-expect-error nor may a client hold "anything"
  const holdsAll: Actor = { ...client, holds: null };
  assert.ok(admin && unlimited && holdsAll);

  // No team is no admin: every team's objects, but not those no team owns.
  assert.equal(isMember(client, 'team_1'), true);
  assert.equal(isMember(client, null), false);
  requireScope(client, 'clients:write');
  assert.throws(() => requireScope(client, 'users:write'), ForbiddenError);
  const grant = { resourceServerId: 'rs_1', identifier: 'orders', teamId: 'team_1' };
  requireMayPermit(client, 'team_1', { ...grant, scope: 'read' });
  assert.throws(() => requireMayPermit(client, 'team_1', { ...grant, scope: 'write' }), ForbiddenError);
});
