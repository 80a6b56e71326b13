import { z } from 'zod';
import { appClientOf } from '../../app-client.js';
import { notAuthorized, unauthorized, unsupportedTokenType } from '../../errors.js';
import { clientIdField, str } from '../../input.js';
import { defineOperation } from '../../operation.js';

const input = z.object({
  Token: str(1, 16384),
  ClientId: clientIdField(),
  ClientSecret: str(1, 256).optional(),
});

const looksLikeJwt = (token: string) => token.split('.').length === 3;

/**
 * Revokes a refresh token and its whole family (RFC 7009; Cognito's RevokeToken): the access
 * tokens of that sign-in stop calling these operations too. A client with a secret must send it.
 */
export const revokeToken = defineOperation({
  name: 'RevokeToken',
  signed: false,
  input,
  async handle(body, ctx) {
    const at = await appClientOf(ctx, body.ClientId);
    const client = await ctx.pools.cache.authenticate(at.pool.row.id, body.ClientId, body.ClientSecret);
    if (!client) throw notAuthorized(`Client ${body.ClientId} could not be authenticated with its secret.`);
    if (looksLikeJwt(body.Token)) throw unsupportedTokenType('Only refresh tokens can be revoked.');
    const outcome = await ctx.pools.grants.revokeRefreshToken(at.pool, client, body.Token);
    if (outcome === 'other-client') throw unauthorized('The token was not issued to this client.');
    // An unknown token is answered as revoked (RFC 7009 §2.2): there is nothing left to revoke.
    return {};
  },
});
