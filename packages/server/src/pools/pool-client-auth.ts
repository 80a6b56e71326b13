import type { IncomingHttpHeaders } from 'node:http';
import type { AppClient } from '@gatehouse/schemas';
import type { ClientAuthFailures } from '../oauth/client-auth/failures.js';
import { parseBasic } from '../oauth/client-auth/secret-basic.js';
import { InvalidClient, InvalidRequest } from '../oauth/errors.js';
import { type FormParams, single } from '../oauth/form-request.js';
import type { PoolCache } from '../services/pools/pool-cache.js';

export interface PoolClientAuthContext {
  params: FormParams;
  headers: IncomingHttpHeaders;
  address: string | undefined;
  poolId: string;
  cache: PoolCache;
  failures: ClientAuthFailures;
}

/**
 * RFC 6749 §2.3 for an app client: `client_secret_basic` or `client_secret_post` for a
 * confidential client (either, as Cognito accepts), `none` (client_id alone) for a public one.
 * Exactly one method per request; every failure is the same 401 invalid_client, counted like
 * machine clients' failures.
 */
export async function authenticateAppClient(ctx: PoolClientAuthContext): Promise<AppClient> {
  ctx.failures.admit(ctx.address);
  let clientId: string | undefined;
  try {
    const header = ctx.headers.authorization;
    const bodyId = single(ctx.params, 'client_id');
    const bodySecret = single(ctx.params, 'client_secret');
    let secret: string | undefined;
    if (header !== undefined) {
      if (bodySecret !== undefined) {
        throw new InvalidRequest(
          'use exactly one client authentication method, not client_secret_basic and client_secret_post',
        );
      }
      ({ clientId, secret } = parseBasic(header));
      if (bodyId !== undefined && bodyId !== clientId) {
        throw new InvalidRequest('client_id in the body does not match the Authorization header');
      }
    } else {
      clientId = bodyId;
      secret = bodySecret;
    }
    if (clientId === undefined) throw new InvalidClient('client authentication is required');
    const client = await ctx.cache.authenticate(ctx.poolId, clientId, secret);
    if (!client) throw new InvalidClient();
    return client;
  } catch (error) {
    if (!(error instanceof InvalidClient)) throw error;
    const method =
      ctx.headers.authorization !== undefined
        ? 'client_secret_basic'
        : single(ctx.params, 'client_secret') !== undefined
          ? 'client_secret_post'
          : 'none';
    throw ctx.failures.failed(error, clientId ?? single(ctx.params, 'client_id'), ctx.address, method);
  }
}
