import { startChild } from './child.js';
import type { BenchClient } from './clients.js';
import { script } from './paths.js';
import type { PeopleTarget, Pkce } from './people.js';
import { OIDC_PROVIDER } from './targets.js';
import { clientsEnv } from './target-env.js';

/** A people-side target, started for the suite's app clients. */
export type PeopleTargetStarter = (clients: readonly BenchClient[]) => Promise<PeopleTarget>;

/** oidc-provider with the clients registered as confidential app clients; codes minted over HTTP. */
export const startOidcProviderPeople: PeopleTargetStarter = async (clients) => {
  const child = await startChild(script('targets/oidc-provider-people.js'), { env: clientsEnv(clients) });
  return {
    ...child,
    name: OIDC_PROVIDER,
    tokenPath: '/token',
    async mintCodes(client: BenchClient, count: number, pkce: Pkce): Promise<string[]> {
      const response = await fetch(`${child.url}/bench/mint`, {
        method: 'POST',
        body: JSON.stringify({ clientId: client.clientId, count, challenge: pkce.challenge }),
      });
      if (!response.ok) {
        throw new Error(
          `${OIDC_PROVIDER}: minting codes answered ${response.status}: ${await response.text()}`,
        );
      }
      return ((await response.json()) as { codes: string[] }).codes;
    },
  };
};
