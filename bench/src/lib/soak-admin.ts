import { CLI_ACTOR, loadConfig, openGatehouse } from '@gatehouse/server';
import { ALGS, type BenchClient, RESOURCES, SCOPE } from './clients.js';
import type { GatehouseStore } from './gatehouse-store.js';
import { basicAuth, tokenBody } from './tokens.js';

/** What the admin client may do through the admin API: its own team's clients, nothing else. */
export const ADMIN_SCOPE = 'gatehouse-admin/clients:read gatehouse-admin/clients:write';

/** A team and a machine client of it that holds the admin scopes and the bench APIs' `read`. */
export interface SoakTeam {
  teamId: string;
  admin: BenchClient;
}

/**
 * Prepares what the admin API needs, through the service layer as the CLI would: a team, and a
 * client of that team holding `clients:read`/`clients:write` (so it manages the team's clients,
 * and only those) and `read` on both bench APIs (so it may hand that scope on).
 */
export async function prepareSoakTeam(store: GatehouseStore): Promise<SoakTeam> {
  const gatehouse = await openGatehouse(loadConfig({ port: '0' }, store.env));
  try {
    const team = await gatehouse.teams.create({ slug: 'soak', name: 'Soak' }, CLI_ACTOR);
    const created = await gatehouse.clients.create(
      {
        name: 'soak automation',
        scopes: [...ADMIN_SCOPE.split(' '), ...ALGS.map((alg) => `${RESOURCES[alg]}/${SCOPE}`)],
      },
      CLI_ACTOR,
      { teamId: team.id },
    );
    if (!created.secret) throw new Error('the admin client was created without a secret');
    return { teamId: team.id, admin: { clientId: created.client.clientId, secret: created.secret.value } };
  } finally {
    await gatehouse.close();
  }
}

export interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: Record<string, unknown> | undefined;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, body };
}

/** A client-credentials request for `client`; `scope` instead of the bench API's `read` when given. */
export async function requestToken(baseUrl: string, client: BenchClient, scope?: string): Promise<Answer> {
  const body = scope
    ? new URLSearchParams({ grant_type: 'client_credentials', scope }).toString()
    : tokenBody(RESOURCES.ES256);
  return answer(
    await fetch(`${baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: { authorization: basicAuth(client), 'content-type': 'application/x-www-form-urlencoded' },
      body,
    }),
  );
}

/** An access token for the bench API, or an error naming what the server answered. */
export async function accessToken(baseUrl: string, client: BenchClient, scope?: string): Promise<string> {
  const got = await requestToken(baseUrl, client, scope);
  const token = got.body?.access_token;
  if (got.status !== 200 || typeof token !== 'string') {
    throw new Error(`token for ${client.clientId} answered ${got.status}: ${JSON.stringify(got.body)}`);
  }
  return token;
}

/** A form POST to an OAuth endpoint (revocation, introspection) authenticated as `client`. */
export async function postAs(
  baseUrl: string,
  path: string,
  client: BenchClient,
  form: Record<string, string>,
): Promise<Answer> {
  return answer(
    await fetch(baseUrl + path, {
      method: 'POST',
      headers: { authorization: basicAuth(client), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    }),
  );
}

/** The admin API as automation uses it: a bearer token of the admin client, renewed when refused. */
export class AdminApi {
  private token: string | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly admin: BenchClient,
  ) {}

  async bearer(): Promise<string> {
    this.token ??= await accessToken(this.baseUrl, this.admin, ADMIN_SCOPE);
    return this.token;
  }

  async call(method: string, path: string, body?: unknown): Promise<Answer> {
    const send = async () =>
      answer(
        await fetch(this.baseUrl + path, {
          method,
          headers: {
            authorization: `Bearer ${await this.bearer()}`,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        }),
      );
    const first = await send();
    if (first.status !== 401) return first;
    this.token = undefined;
    return send();
  }
}
