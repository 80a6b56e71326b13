import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createJwtSigner } from '@gatehouse/jws';

/**
 * An identity provider that lives only in an injected `fetch`: no sockets at all. Each test
 * decides what the token endpoint hands out, so every ID token rule can be tried one at a time.
 */
export const FAKE_ISSUER = 'https://idp.example.test/tenant';
export const FAKE_CLIENT_ID = 'gatehouse';
export const FAKE_CLIENT_SECRET = 'fake-secret';

export interface FakeKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

export function ecKey(kid: string): FakeKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    kid,
    privateKey,
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' },
  };
}

export interface TokenRequest {
  authorization: string | null;
  form: URLSearchParams;
}

export class FakeProvider {
  metadata: Record<string, unknown> = {
    issuer: FAKE_ISSUER,
    authorization_endpoint: `${FAKE_ISSUER}/authorize`,
    token_endpoint: `${FAKE_ISSUER}/token`,
    jwks_uri: `${FAKE_ISSUER}/jwks`,
    userinfo_endpoint: `${FAKE_ISSUER}/userinfo`,
    response_types_supported: ['code'],
    id_token_signing_alg_values_supported: ['ES256'],
  };
  jwks: { keys: Record<string, unknown>[] };
  /** What the token endpoint answers next: an ID token, or a whole JSON body. */
  tokenAnswer: { status: number; body: Record<string, unknown> } = { status: 500, body: {} };
  userinfo: Record<string, unknown> = {};
  readonly requests: string[] = [];
  readonly tokenRequests: TokenRequest[] = [];
  readonly userinfoAuthorizations: (string | null)[] = [];

  constructor(readonly key: FakeKey = ecKey('k1')) {
    this.jwks = { keys: [key.publicJwk] };
  }

  /** Signs claims with `key` (default the provider's key) as ES256. */
  sign(claims: Record<string, unknown>, key: FakeKey = this.key): string {
    return createJwtSigner('ES256', key.privateKey, { kid: key.kid, typ: 'JWT' })(claims);
  }

  /** Standard ID token claims for `nonce`, issued at `now` (ms), with `overrides`. */
  claims(nonce: string, now: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const iat = Math.floor(now / 1000);
    return {
      iss: FAKE_ISSUER,
      sub: 'user-1',
      aud: FAKE_CLIENT_ID,
      exp: iat + 300,
      iat,
      nonce,
      email: 'user@example.com',
      email_verified: true,
      name: 'User One',
      groups: ['eng'],
      ...overrides,
    };
  }

  /** The token endpoint's next answer carries this ID token. */
  answerWith(idToken: string): void {
    this.tokenAnswer = {
      status: 200,
      body: { access_token: 'fake-access-token', token_type: 'Bearer', expires_in: 300, id_token: idToken },
    };
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = String(input);
    this.requests.push(url);
    const headers = new Headers(init?.headers);
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    switch (url) {
      case `${FAKE_ISSUER}/.well-known/openid-configuration`:
        return json(200, this.metadata);
      case `${FAKE_ISSUER}/jwks`:
        return json(200, this.jwks);
      case `${FAKE_ISSUER}/token`:
        this.tokenRequests.push({
          authorization: headers.get('authorization'),
          form: new URLSearchParams(String(init?.body)),
        });
        return json(this.tokenAnswer.status, this.tokenAnswer.body);
      case `${FAKE_ISSUER}/userinfo`:
        this.userinfoAuthorizations.push(headers.get('authorization'));
        return json(200, this.userinfo);
      default:
        return json(404, { error: 'not_found' });
    }
  };

  count(path: string): number {
    return this.requests.filter((u) => u === `${FAKE_ISSUER}${path}`).length;
  }
}
