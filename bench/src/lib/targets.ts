import type { BenchClient } from './clients.js';
import { type RunningChild, startChild } from './child.js';
import type { GatehouseStore } from './gatehouse-store.js';
import { script } from './paths.js';
import { clientsEnv } from './target-env.js';

/** A token endpoint under test, in its own process. */
export interface Target extends RunningChild {
  name: string;
  /** Path of its token endpoint. */
  tokenPath: string;
}

export const OIDC_PROVIDER = 'oidc-provider';
export const GATEHOUSE_PEOPLE = 'Gatehouse user pool (SQLite)';
export const BARE_FLOOR = 'bare node:http floor';

export async function startGatehouse(name: string, store: GatehouseStore): Promise<Target> {
  const child = await startChild(script('targets/gatehouse.js'), { env: store.env });
  return { ...child, name, tokenPath: '/oauth2/token' };
}

export async function startOidcProvider(clients: readonly BenchClient[]): Promise<Target> {
  const child = await startChild(script('targets/oidc-provider.js'), { env: clientsEnv(clients) });
  return { ...child, name: OIDC_PROVIDER, tokenPath: '/token' };
}

export async function startBareFloor(clients: readonly BenchClient[]): Promise<Target> {
  const child = await startChild(script('targets/bare-floor.js'), { env: clientsEnv(clients) });
  return { ...child, name: BARE_FLOOR, tokenPath: '/token' };
}

/** Stops every target that started, whatever happens to the others. */
export async function stopAll(targets: readonly (Target | undefined)[]): Promise<void> {
  await Promise.allSettled(targets.map((t) => t?.stop()));
}
