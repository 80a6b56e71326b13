import { createHmac, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { hashRawSync } from '@node-rs/argon2';
import { startChild } from './child.js';
import type { LoadRequest } from './load.js';
import { script } from './paths.js';
import type { Target } from './targets.js';

export const GATEHOUSE_COGNITO = 'Gatehouse Cognito API (SQLite)';

/** The flows the bench's app clients allow, in Cognito's names without `ALLOW_`. */
export const COGNITO_AUTH_FLOWS = ['USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH'] as const;

/**
 * The stored hashes the sign-ins check: argon2id's smallest memory (8 KiB per lane), one pass,
 * one lane. Tens of microseconds a check, so USER_PASSWORD_AUTH measures everything around it.
 */
export const CHEAP_ARGON2 = { memoryKib: 8, passes: 1, lanes: 1 } as const;
/** The package's `Algorithm.Argon2id`, a const enum that isolated modules cannot read. */
export const ARGON2ID = 2;

/** What one check of a CHEAP_ARGON2 hash costs here, in µs (median of a few batches, one thread). */
export function cheapHashMicros(): number {
  const options = {
    algorithm: ARGON2ID,
    memoryCost: CHEAP_ARGON2.memoryKib,
    timeCost: CHEAP_ARGON2.passes,
    parallelism: CHEAP_ARGON2.lanes,
    salt: randomBytes(16),
  };
  const batches: number[] = [];
  for (let b = 0; b < 5; b++) {
    const start = performance.now();
    for (let i = 0; i < 200; i++) hashRawSync('a password of the usual length', options);
    batches.push(((performance.now() - start) * 1000) / 200);
  }
  return batches.sort((x, y) => x - y)[2] as number;
}

/**
 * The server's password-hashing limits (GATEHOUSE_PASSWORD_HASH_CONCURRENCY and _QUEUE): the
 * default single worker, with a queue as deep as the suite's connections, so that sign-ins wait
 * for the worker instead of being refused with TooManyRequestsException.
 */
export const COGNITO_HASHING = { concurrency: 1, queue: 64 } as const;

export const COGNITO_USERS_VAR = 'BENCH_COGNITO_USERS';
export const COGNITO_CLIENTS_VAR = 'BENCH_COGNITO_CLIENTS';

export interface CognitoCredentials {
  clientId: string;
  secret: string;
}

/** What the target's control port tells the suite. */
export interface CognitoBenchInfo {
  /** The Gatehouse server itself. */
  url: string;
  clients: CognitoCredentials[];
  users: { username: string; password: string }[];
}

export interface CognitoTarget extends Target, Omit<CognitoBenchInfo, 'url'> {}

export async function startGatehouseCognito(users: number, clients: number): Promise<CognitoTarget> {
  const control = await startChild(script('targets/gatehouse-cognito.js'), {
    env: { [COGNITO_USERS_VAR]: String(users), [COGNITO_CLIENTS_VAR]: String(clients) },
    timeoutMs: 300_000,
  });
  const info = (await (await fetch(`${control.url}/bench/info`)).json()) as CognitoBenchInfo;
  return { ...control, ...info, name: GATEHOUSE_COGNITO, tokenPath: '/' };
}

/** Cognito's SECRET_HASH: base64 of HMAC-SHA256 keyed with the client secret over username + client id. */
export function secretHash(client: CognitoCredentials, username: string): string {
  return createHmac('sha256', client.secret)
    .update(username + client.clientId)
    .digest('base64');
}

/** InitiateAuth as the AWS SDKs send it: unsigned, JSON 1.1, the operation in X-Amz-Target. */
function initiateAuth(
  client: CognitoCredentials,
  authFlow: (typeof COGNITO_AUTH_FLOWS)[number],
  parameters: Record<string, string>,
): LoadRequest {
  return {
    method: 'POST',
    path: '/',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({ AuthFlow: authFlow, ClientId: client.clientId, AuthParameters: parameters }),
  };
}

export function passwordRequest(
  client: CognitoCredentials,
  user: { username: string; password: string },
): LoadRequest {
  return initiateAuth(client, 'USER_PASSWORD_AUTH', {
    USERNAME: user.username,
    PASSWORD: user.password,
    SECRET_HASH: secretHash(client, user.username),
  });
}

export function refreshRequest(
  client: CognitoCredentials,
  username: string,
  refreshToken: string,
): LoadRequest {
  return initiateAuth(client, 'REFRESH_TOKEN_AUTH', {
    REFRESH_TOKEN: refreshToken,
    SECRET_HASH: secretHash(client, username),
  });
}

/** A sign-in for every user, each through the app client `i mod clients` (rotating). */
export function passwordRequests(target: CognitoTarget): LoadRequest[] {
  return target.users.map((user, i) =>
    passwordRequest(target.clients[i % target.clients.length] as CognitoCredentials, user),
  );
}

/** The JWS header's alg, or undefined when the value is no JWT. */
export function jwtAlg(token: unknown): string | undefined {
  if (typeof token !== 'string' || token.split('.').length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()) as {
      alg?: unknown;
    };
    return typeof header.alg === 'string' ? header.alg : undefined;
  } catch {
    return undefined;
  }
}

/** What an InitiateAuth answer must hold for the work to count: two JWTs (and the refresh token asked for). */
export function checkAuthenticationResult(
  body: Record<string, unknown>,
  label: string,
  withRefresh: boolean,
): { accessAlg: string; idAlg: string; refreshToken: string | undefined } {
  const result = body.AuthenticationResult as Record<string, unknown> | undefined;
  if (!result) throw new Error(`${label}: no AuthenticationResult in ${JSON.stringify(body)}`);
  const accessAlg = jwtAlg(result.AccessToken);
  const idAlg = jwtAlg(result.IdToken);
  if (!accessAlg) throw new Error(`${label}: no signed AccessToken`);
  if (!idAlg) throw new Error(`${label}: no signed IdToken`);
  const refreshToken = typeof result.RefreshToken === 'string' ? result.RefreshToken : undefined;
  if (withRefresh && !refreshToken) throw new Error(`${label}: no RefreshToken`);
  return { accessAlg, idAlg, refreshToken };
}

export async function send(target: CognitoTarget, request: LoadRequest): Promise<Record<string, unknown>> {
  const response = await fetch(target.url + request.path, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) {
    throw new Error(`${target.name}: InitiateAuth answered ${response.status} ${JSON.stringify(body)}`);
  }
  return body;
}

/**
 * `count` REFRESH_TOKEN_AUTH requests, each with the refresh token of its own
 * USER_PASSWORD_AUTH sign-in made here, outside the timed loop; every token is sent once.
 */
export async function refreshRequests(target: CognitoTarget, count: number): Promise<LoadRequest[]> {
  const out: LoadRequest[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const user = target.users[i % target.users.length] as CognitoBenchInfo['users'][number];
      const client = target.clients[i % target.clients.length] as CognitoCredentials;
      const body = await send(target, passwordRequest(client, user));
      const { refreshToken } = checkAuthenticationResult(body, `${target.name} sign-in`, true);
      out[i] = refreshRequest(client, user.username, refreshToken as string);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return out;
}
