import { after, before, describe } from 'node:test';
import { CLI_ACTOR, type PersonActor, type TeamRole } from '../../src/services/actor.js';
import { type OpenGatehouse, openGatehouse } from '../../src/services/gatehouse.js';
import { type BackendName, backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { TestClock } from '../support/clock.js';

/** A person signed in to the portal, member of the given teams, not a platform admin. */
export function member(name: string, teams: Record<string, TeamRole>): PersonActor {
  return {
    type: 'user',
    id: `usr_${name}`,
    name,
    isAdmin: false,
    teams: new Map(Object.entries(teams)),
    everyTeam: false,
    scopes: null,
    holds: null,
    ip: '203.0.113.7',
    userAgent: 'test',
  };
}

export const ADMIN: PersonActor = { ...member('admin', {}), isAdmin: true };

export interface PoolWorld {
  backend: TestBackend;
  gatehouse: OpenGatehouse;
  clock: TestClock;
  /** Ids of two teams, and a member of each. */
  orders: string;
  billing: string;
  alice: PersonActor;
  bob: PersonActor;
}

/**
 * Declares `title` once per store, with a Gatehouse opened on a fresh store, a frozen clock,
 * and two teams (orders with Alice, billing with Bob). `env` adds GATEHOUSE_* settings.
 */
export function eachStore(
  title: string,
  body: (world: () => PoolWorld, backend: BackendName) => void,
  env: Record<string, string> = {},
): void {
  for (const name of backendNames()) {
    describe(`${title} [${name}]`, () => {
      let world: PoolWorld | undefined;
      before(async () => {
        const backend = await createBackend(name);
        const clock = new TestClock();
        const gatehouse = await openGatehouse(backend.config(env), { clock });
        const orders = await gatehouse.teams.create({ slug: 'orders', name: 'Orders' }, CLI_ACTOR);
        const billing = await gatehouse.teams.create({ slug: 'billing', name: 'Billing' }, CLI_ACTOR);
        world = {
          backend,
          gatehouse,
          clock,
          orders: orders.id,
          billing: billing.id,
          alice: member('alice', { [orders.id]: 'member' }),
          bob: member('bob', { [billing.id]: 'member' }),
        };
      });
      after(async () => {
        await world?.gatehouse.close();
        await world?.backend.cleanup();
      });
      body(() => {
        if (!world) throw new Error('the store is not open yet');
        return world;
      }, name);
    });
  }
}

/** A password no list has: long and random. */
export function strongPassword(): string {
  return `Pw-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}
