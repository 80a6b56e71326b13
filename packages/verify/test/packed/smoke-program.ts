/**
 * The program each throwaway project compiles and runs: what a first integration does with the
 * installed packages. It gets a token from a live Gatehouse with @gatehouse/client, calls a
 * node:http API guarded by @gatehouse/verify/http with it, verifies it directly, and checks that
 * a tampered token is refused with a VerifyError of this module format. It prints one JSON line.
 *
 * Written once as TypeScript and compiled by each project's own tsconfig, so the same source
 * becomes require() calls in CommonJS projects and imports in ESM ones. Every subpath is
 * imported, so each must resolve, with types, under each resolution mode.
 */
export const SMOKE_PROGRAM = `
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenClient, TokenError } from '@gatehouse/client';
import { decodeJwt } from '@gatehouse/jws';
import { isLoopback } from '@gatehouse/jws/loopback';
import { createVerifier, VerifyError, type VerifiedClaims } from '@gatehouse/verify';
import { requireToken as expressRequireToken } from '@gatehouse/verify/express';
import { gatehouseAuth } from '@gatehouse/verify/fastify';
import { withToken } from '@gatehouse/verify/http';
import * as lambda from '@gatehouse/verify/lambda';
import { protectedResourceMetadata } from '@gatehouse/verify/resource-metadata';

function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(name + ' is not set');
  return value;
}

async function main(): Promise<void> {
  const issuer = setting('GATEHOUSE_ISSUER');
  const client = createTokenClient({
    issuer,
    clientId: setting('GATEHOUSE_CLIENT_ID'),
    clientSecret: setting('GATEHOUSE_CLIENT_SECRET'),
    scopes: ['packed-api/read'],
  });
  const verifier = createVerifier({ issuer, audience: 'packed-api', revocation: false });

  const api = createServer(
    withToken(
      verifier,
      (_req, res, claims: VerifiedClaims) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ client: claims.client_id, scopes: claims.scopes }));
      },
      { scopes: ['read'] },
    ),
  );
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  const { port } = api.address() as AddressInfo;
  try {
    const url = 'http://127.0.0.1:' + port + '/orders';
    const withTokenAnswer = await client.fetch(url);
    const withoutToken = await fetch(url);
    await withoutToken.arrayBuffer();

    const token = await client.getToken();
    const claims = await verifier.verify(token, { requiredScopes: ['read'] });
    let refused = 'accepted';
    try {
      const at = token.length - 10; // inside the signature
      await verifier.verify(token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1));
    } catch (error) {
      refused = error instanceof VerifyError ? error.code : 'not a VerifyError: ' + String(error);
    }
    console.log(
      JSON.stringify({
        api: { status: withTokenAnswer.status, body: await withTokenAnswer.json() },
        withoutToken: withoutToken.status,
        claims: { aud: claims.aud, sub: claims.sub, scopes: claims.scopes },
        typ: decodeJwt(token).header.typ,
        refused,
        loopback: isLoopback('127.0.0.1'),
        exports: {
          express: typeof expressRequireToken,
          fastify: typeof gatehouseAuth,
          lambda: Object.keys(lambda).length > 0,
          resourceMetadata: typeof protectedResourceMetadata,
          tokenError: typeof TokenError,
        },
      }),
    );
  } finally {
    api.close();
    verifier.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;

/**
 * What a project without Express, Fastify or @types/aws-lambda compiles: the entry points that
 * need none of them. Their declarations must not name those packages' types.
 */
export const BARE_PROGRAM = `
import { createTokenClient } from '@gatehouse/client';
import { createVerifier } from '@gatehouse/verify';
import { withToken } from '@gatehouse/verify/http';
import * as lambda from '@gatehouse/verify/lambda';
import { protectedResourceMetadata } from '@gatehouse/verify/resource-metadata';

console.log(
  JSON.stringify({
    client: typeof createTokenClient,
    verifier: typeof createVerifier,
    http: typeof withToken,
    lambda: Object.keys(lambda).length > 0,
    resourceMetadata: typeof protectedResourceMetadata,
  }),
);
`;
