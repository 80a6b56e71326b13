import { ASSERTION_ALGS, type AssertionAlg, decodeJwt, JwtFormatError } from '@gatehouse/jws';
import { single } from '../form-request.js';
import type { OAuthContext } from '../context.js';
import { InvalidClient, InvalidRequest } from '../errors.js';
import { lookupClient } from '../lookup-client.js';
import { verifyClientAssertion } from './assertion-signature.js';
import type { ClientAuthMethod } from './method.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Allowed clock difference between client and server. */
const SKEW_S = 30;
/** RFC 7523 §3 asks for a short expiry: an assertion may live five minutes at most. */
const MAX_LIFETIME_S = 300;

function claimString(payload: Record<string, unknown>, name: string): string {
  const value = payload[name];
  // NUL never belongs in an id, and PostgreSQL text cannot hold it (iss and jti reach the store).
  if (typeof value !== 'string' || value === '' || value.includes('\u0000'))
    throw new InvalidClient(`client assertion has no valid "${name}" claim`);
  return value;
}

function claimTime(payload: Record<string, unknown>, name: string): number | undefined {
  const value = payload[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidClient(`client assertion "${name}" must be a number`);
  }
  return value;
}

/** RFC 7523 §3 and §2.2: an asymmetric-signed JWT naming the client, for this server, fresh, used once. */
export const privateKeyJwt: ClientAuthMethod = {
  method: 'private_key_jwt',
  present: (ctx) => ctx.params.has('client_assertion') || ctx.params.has('client_assertion_type'),
  async authenticate(ctx) {
    const type = single(ctx.params, 'client_assertion_type');
    const assertion = single(ctx.params, 'client_assertion');
    if (type === undefined || assertion === undefined) {
      throw new InvalidRequest('client_assertion and client_assertion_type are both required');
    }
    if (type !== JWT_BEARER) throw new InvalidClient(`client_assertion_type must be ${JWT_BEARER}`);
    let decoded: ReturnType<typeof decodeJwt>;
    try {
      decoded = decodeJwt(assertion);
    } catch (error) {
      if (error instanceof JwtFormatError)
        throw new InvalidClient(`malformed client assertion: ${error.message}`);
      throw error;
    }
    const { header, payload } = decoded;
    const alg = header.alg;
    if (typeof alg !== 'string' || !ASSERTION_ALGS.includes(alg as AssertionAlg)) {
      throw new InvalidClient(`client assertion alg must be one of ${ASSERTION_ALGS.join(', ')}`);
    }
    const iss = claimString(payload, 'iss');
    const sub = claimString(payload, 'sub');
    if (iss !== sub) throw new InvalidClient('client assertion iss and sub must both be the client_id');
    const bodyId = single(ctx.params, 'client_id');
    if (bodyId !== undefined && bodyId !== iss)
      throw new InvalidClient('client_id does not match the assertion');
    checkAudience(payload.aud, ctx);
    const jti = claimString(payload, 'jti');
    const now = Math.floor(ctx.server.clock.now() / 1000);
    const exp = claimTime(payload, 'exp');
    if (exp === undefined) throw new InvalidClient('client assertion has no "exp" claim');
    if (exp <= now - SKEW_S) throw new InvalidClient('client assertion has expired');
    const iat = claimTime(payload, 'iat');
    const nbf = claimTime(payload, 'nbf');
    if (iat !== undefined && iat > now + SKEW_S)
      throw new InvalidClient('client assertion is issued in the future');
    if (nbf !== undefined && nbf > now + SKEW_S) throw new InvalidClient('client assertion is not valid yet');
    if (exp - (iat ?? now) > MAX_LIFETIME_S) {
      throw new InvalidClient(`client assertion lifetime must not exceed ${MAX_LIFETIME_S} seconds`);
    }

    const client = await lookupClient(ctx.server, iss);
    if (client?.authMethod !== 'private_key_jwt') throw new InvalidClient();
    const kid = typeof header.kid === 'string' ? header.kid : undefined;
    if (!(await verifyClientAssertion(ctx, client, kid, alg as AssertionAlg, decoded))) {
      throw new InvalidClient('client assertion signature is invalid');
    }
    if (!client.enabled) throw new InvalidClient('client is disabled');
    // Single use across every instance.
    const fresh = await ctx.server.tokens.useAssertionId(client.clientId, jti, (exp + SKEW_S) * 1000);
    if (!fresh) throw new InvalidClient('client assertion has already been used');
    return client;
  },
};

/** RFC 7523 §3: aud names this server, as its issuer or its token endpoint. */
function checkAudience(aud: unknown, ctx: OAuthContext): void {
  const accepted = [ctx.server.issuer, ctx.server.tokenEndpoint];
  const values = Array.isArray(aud) ? aud : [aud];
  if (!values.some((v) => typeof v === 'string' && accepted.includes(v))) {
    throw new InvalidClient('client assertion aud must be the issuer or the token endpoint');
  }
}
