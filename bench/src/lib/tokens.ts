import type { BenchClient } from './clients.js';
import { SCOPE } from './clients.js';
import type { LoadRequest } from './load.js';

/** RFC 6749 §2.3.1 client_secret_basic: both halves form-urlencoded, then base64. */
export function basicAuth(client: BenchClient): string {
  const pair = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.secret)}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}

/** The same form body for every target: RFC 8707 resource plus a short scope name. */
export function tokenBody(resource: string): string {
  return new URLSearchParams({ grant_type: 'client_credentials', resource, scope: SCOPE }).toString();
}

/** One client-credentials request per client, to be sent in rotation. */
export function tokenRequests(
  clients: readonly BenchClient[],
  path: string,
  resource: string,
): LoadRequest[] {
  const body = tokenBody(resource);
  return clients.map((client) => ({
    method: 'POST',
    path,
    headers: {
      authorization: basicAuth(client),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body,
  }));
}

export interface SampleToken {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/**
 * Asks for one token and checks it is a signed JWT for the resource, with the algorithm asked
 * for and a jti: proof that a target is configured to do the work being measured.
 */
export async function sampleToken(
  baseUrl: string,
  path: string,
  client: BenchClient,
  resource: string,
  alg: string,
): Promise<SampleToken> {
  const response = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { authorization: basicAuth(client), 'content-type': 'application/x-www-form-urlencoded' },
    body: tokenBody(resource),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${baseUrl}${path} answered ${response.status}: ${text}`);
  const body = JSON.parse(text) as { access_token?: unknown; token_type?: unknown };
  const parts = typeof body.access_token === 'string' ? body.access_token.split('.') : [];
  if (parts.length !== 3 || parts[2] === '') throw new Error(`${baseUrl}${path} did not return a signed JWT`);
  const decode = (part: string | undefined) =>
    JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  const header = decode(parts[0]);
  const payload = decode(parts[1]);
  if (header.alg !== alg) throw new Error(`${baseUrl}${path} signed with ${String(header.alg)}, not ${alg}`);
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!aud.includes(resource)) throw new Error(`${baseUrl}${path} issued a token for another audience`);
  if (typeof payload.jti !== 'string' || payload.jti === '') throw new Error(`${baseUrl}${path}: no jti`);
  if (String(body.token_type).toLowerCase() !== 'bearer') throw new Error(`${baseUrl}${path}: not Bearer`);
  return { header, payload };
}
