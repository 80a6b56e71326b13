import { startChild } from './child.js';
import type { BenchClient } from './clients.js';
import { script } from './paths.js';
import type { PeopleTarget, Pkce } from './people.js';
import { GATEHOUSE_PEOPLE, OIDC_PROVIDER } from './targets.js';
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
    async mintCodes(clients: readonly BenchClient[], pkce: Pkce): Promise<string[]> {
      const response = await fetch(`${child.url}/bench/mint`, {
        method: 'POST',
        body: JSON.stringify({ clientIds: clients.map((c) => c.clientId), challenge: pkce.challenge }),
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

/**
 * Gatehouse's pool token endpoint. It issues its own app client ids and secrets, so each bench
 * client is mapped to the app client made for it; codes are rows inserted in its store.
 */
export const startGatehousePeople: PeopleTargetStarter = async (clients) => {
  const control = await startChild(script('targets/gatehouse-people.js'), { env: clientsEnv(clients) });
  const info = (await (await fetch(`${control.url}/bench/info`)).json()) as {
    url: string;
    tokenPath: string;
    clients: Record<string, { clientId: string; secret: string }>;
  };
  const own = (client: BenchClient): BenchClient => {
    const mapped = info.clients[client.clientId];
    if (!mapped) throw new Error(`${GATEHOUSE_PEOPLE}: no app client for ${client.clientId}`);
    return mapped;
  };
  return {
    ...control,
    url: info.url,
    name: GATEHOUSE_PEOPLE,
    tokenPath: info.tokenPath,
    credentials: own,
    async mintCodes(clients: readonly BenchClient[], pkce: Pkce): Promise<string[]> {
      const response = await fetch(`${control.url}/bench/mint`, {
        method: 'POST',
        body: JSON.stringify({ clientIds: clients.map((c) => own(c).clientId), challenge: pkce.challenge }),
      });
      if (!response.ok) {
        throw new Error(
          `${GATEHOUSE_PEOPLE}: minting codes answered ${response.status}: ${await response.text()}`,
        );
      }
      return ((await response.json()) as { codes: string[] }).codes;
    },
  };
};
