import type { IncomingMessage, ServerResponse } from 'node:http';
import { NO_STORE, sendEmpty, sendJson } from '../http/respond.js';
import { readFormRequest, single } from '../oauth/form-request.js';
import { BearerError, bareChallenge } from './bearer-errors.js';
import type { PoolRequestContext } from './pool-protocol-deps.js';
import { grantsUserinfo, userinfoClaims } from './userinfo-claims.js';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * OIDC Core §5.3 with RFC 6750: GET or POST, the access token in the Authorization header or,
 * for a POSTed form, as `access_token` (never both). The claims follow the token's scopes.
 */
export async function userinfoEndpoint(
  ctx: PoolRequestContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const realm = ctx.issuer;
  const token = await presentedToken(req, realm);
  if (token === undefined) {
    sendEmpty(res, 401, { ...NO_STORE, ...bareChallenge(realm) });
    return;
  }
  const { server, tokens, grants } = ctx.protocol;
  const claims = tokens.readAccessToken(ctx.pool.row.id, token, server.clock.now());
  if (!claims)
    throw new BearerError(401, 'invalid_token', 'the access token is invalid, expired or revoked', realm);
  const scopes = claims.scope.split(' ');
  if (!grantsUserinfo(scopes)) {
    throw new BearerError(
      403,
      'insufficient_scope',
      'the access token was not granted the openid scope',
      realm,
    );
  }
  const user = await grants.activeUser(ctx.pool.row.id, claims.sub);
  if (!user)
    throw new BearerError(401, 'invalid_token', 'the access token is invalid, expired or revoked', realm);
  sendJson(res, 200, userinfoClaims(user, scopes));
}

async function presentedToken(req: IncomingMessage, realm: string): Promise<string | undefined> {
  const header = req.headers.authorization;
  let fromHeader: string | undefined;
  if (header !== undefined) {
    const match = BEARER.exec(header);
    if (!match) {
      req.resume();
      throw new BearerError(
        400,
        'invalid_request',
        'the Authorization header must be Bearer <access token>',
        realm,
      );
    }
    fromHeader = match[1];
  }
  const isForm =
    req.method === 'POST' &&
    (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
  if (!isForm) {
    req.resume();
    return fromHeader;
  }
  const fromBody = single(await readFormRequest(req), 'access_token');
  if (fromHeader !== undefined && fromBody !== undefined) {
    throw new BearerError(400, 'invalid_request', 'send the access token one way only', realm);
  }
  return fromHeader ?? fromBody;
}
