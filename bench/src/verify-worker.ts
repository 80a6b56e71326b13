// One token-verification library in a process of its own, driven by the verify suite over IPC.
// argv[2] names the library. Each is set up the way an API would use it: warm keys from a local
// JWKS (no network), issuer, audience and typ `at+jwt` checked, five seconds of clock leeway.
import { createPublicKey, type JsonWebKey, type KeyObject, verify as verifySignature } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createVerifier } from '@gatehouse/verify';
import { JwtVerifier } from 'aws-jwt-verify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import {
  type BadTokens,
  type FromWorker,
  type MeasureMessage,
  type SanityResult,
  type SetupMessage,
  type ToWorker,
  VERIFY_ALGS,
  VERIFY_FLOOR,
  VERIFY_LIBRARIES,
  type VerifyLibrary,
} from './verify-protocol.js';

type Verify = (token: string) => Promise<Record<string, unknown>>;

const TYP = /^(application\/)?at\+jwt$/i;
const REQUIRED_CLAIMS = ['sub', 'client_id', 'jti', 'iat', 'exp'] as const;
const LEEWAY_SECONDS = 5;

const library = process.argv[2] as VerifyLibrary;
if (!VERIFY_LIBRARIES.includes(library)) throw new Error(`unknown library ${process.argv[2]}`);

function reply(message: FromWorker): void {
  process.send?.(message);
}

/**
 * @gatehouse/verify as its README sets it up: discovery, JWKS and revocation list fetched on
 * warm(). The fetch is served from memory, so nothing leaves the process, and any later
 * background fetch (the revocation poll every 10 s) costs no network either.
 */
async function gatehouse(setup: SetupMessage, backgroundErrors: string[]): Promise<Verify> {
  const { issuer } = setup;
  const documents = new Map<string, unknown>([
    [
      `${issuer}/.well-known/oauth-authorization-server`,
      { issuer, jwks_uri: `${issuer}/jwks`, revocation_list_endpoint: `${issuer}/revoked` },
    ],
    [`${issuer}/jwks`, setup.jwks],
    [
      `${issuer}/revoked`,
      {
        issuer,
        revoked_tokens: [{ jti: setup.revokedJti, exp: Math.floor(Date.now() / 1000) + 3600 }],
        disabled_clients: [],
      },
    ],
  ]);
  const fetchFromMemory = (input: string | URL | Request): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const document = documents.get(url);
    return Promise.resolve(
      document === undefined
        ? new Response('not found', { status: 404 })
        : new Response(JSON.stringify(document), { headers: { 'content-type': 'application/json' } }),
    );
  };
  const verifier = createVerifier({
    issuer,
    audience: setup.audience,
    clockToleranceSeconds: LEEWAY_SECONDS,
    fetch: fetchFromMemory as typeof fetch,
    onBackgroundError: (error) => backgroundErrors.push(error.message),
  });
  await verifier.warm();
  return (token) => verifier.verify(token);
}

/** jose's jwtVerify with a local JWKS (imported keys are cached per JWK; results are not). */
function jose(setup: SetupMessage): Verify {
  const keys = createLocalJWKSet(setup.jwks as Parameters<typeof createLocalJWKSet>[0]);
  const options = {
    issuer: setup.issuer,
    audience: setup.audience,
    typ: 'at+jwt',
    algorithms: [...VERIFY_ALGS],
    requiredClaims: [...REQUIRED_CLAIMS],
    clockTolerance: LEEWAY_SECONDS,
  };
  return async (token) => (await jwtVerify(token, keys, options)).payload;
}

/**
 * aws-jwt-verify's generic JwtVerifier with the JWKS pre-loaded by cacheJwks (its KeyObjects are
 * cached per kid; results are not). It has no typ or required-claims option, so a custom check
 * does what the other two do.
 */
function aws(setup: SetupMessage): Verify {
  const verifier = JwtVerifier.create({
    issuer: setup.issuer,
    audience: setup.audience,
    jwksUri: `${setup.issuer}/jwks`,
    graceSeconds: LEEWAY_SECONDS,
    customJwtCheck: ({ header, payload }) => {
      if (typeof header.typ !== 'string' || !TYP.test(header.typ)) throw new Error('typ is not at+jwt');
      for (const claim of REQUIRED_CLAIMS) {
        if (payload[claim] === undefined) throw new Error(`no ${claim} claim`);
      }
    },
  });
  verifier.cacheJwks(setup.jwks as unknown as Parameters<typeof verifier.cacheJwks>[0]);
  return (token) => verifier.verify(token);
}

/**
 * The floor: what a verifier cannot skip and stay honest. Split the token, parse the header, find
 * the key by kid (KeyObjects made once), check alg and typ, check the signature with one
 * crypto.verify, parse the payload, check iss, aud, exp and nbf with the same leeway and the
 * required claims. No library, no options, no error types, nothing else.
 */
function floor(setup: SetupMessage): Verify {
  const keys = new Map<
    string,
    { alg: string; key: KeyObject | { key: KeyObject; dsaEncoding: 'ieee-p1363' } }
  >();
  for (const jwk of setup.jwks.keys) {
    const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    const alg = String(jwk.alg);
    keys.set(String(jwk.kid), { alg, key: alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key });
  }
  const json = (part: string) =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return async (token) => {
    const [h = '', p = '', s = ''] = token.split('.');
    const header = json(h);
    const entry = keys.get(String(header.kid));
    if (!entry || header.alg !== entry.alg) throw new Error('unknown kid or wrong alg');
    if (typeof header.typ !== 'string' || !TYP.test(header.typ)) throw new Error('typ is not at+jwt');
    if (
      !verifySignature('sha256', Buffer.from(`${h}.${p}`, 'latin1'), entry.key, Buffer.from(s, 'base64url'))
    )
      throw new Error('bad signature');
    const payload = json(p);
    const now = Date.now() / 1000;
    if (payload.iss !== setup.issuer) throw new Error('wrong issuer');
    if (payload.aud !== setup.audience) throw new Error('wrong audience');
    if (typeof payload.exp !== 'number' || payload.exp + LEEWAY_SECONDS <= now) throw new Error('expired');
    if (typeof payload.nbf === 'number' && payload.nbf - LEEWAY_SECONDS > now)
      throw new Error('not yet valid');
    for (const claim of REQUIRED_CLAIMS)
      if (payload[claim] === undefined) throw new Error(`no ${claim} claim`);
    return payload;
  };
}

let verify: Verify | undefined;
let pools: SetupMessage['pools'] | undefined;
const backgroundErrors: string[] = [];

async function sanity(setup: SetupMessage, check: Verify): Promise<SanityResult[]> {
  const results: SanityResult[] = [];
  for (const alg of VERIFY_ALGS) {
    const valid = setup.pools[alg][0];
    if (valid === undefined) throw new Error(`no ${alg} tokens`);
    try {
      const claims = await check(valid);
      const ok = claims.client_id === setup.clientId;
      results.push({ alg, case: 'valid', ok, detail: ok ? 'accepted' : 'accepted without its client_id' });
    } catch (error) {
      results.push({ alg, case: 'valid', ok: false, detail: `refused: ${(error as Error).message}` });
    }
    const bad = setup.bad[alg];
    const cases: [string, string][] = Object.entries(bad) as [keyof BadTokens, string][];
    // Only @gatehouse/verify has the issuer's revocation list; the others cannot know.
    if (library === '@gatehouse/verify') cases.push(['revoked', setup.revoked[alg]]);
    for (const [name, token] of cases) {
      try {
        await check(token);
        results.push({ alg, case: name, ok: false, detail: 'accepted a token it must refuse' });
      } catch (error) {
        results.push({ alg, case: name, ok: true, detail: `refused: ${(error as Error).message}` });
      }
    }
  }
  return results;
}

async function measure(message: MeasureMessage): Promise<void> {
  if (verify === undefined || pools === undefined) throw new Error('measure before setup');
  const pool = pools[message.alg];
  const n = pool.length;
  const limit = message.seconds * 1000;
  let count = 0;
  let failures = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  let elapsed = 0;
  // One verification at a time, each awaited, rotating through distinct tokens: what an API does
  // per request. Every call decodes, checks the signature and the claims of a token afresh.
  while (elapsed < limit) {
    const claims = await verify(pool[count % n] as string);
    if (typeof claims.client_id !== 'string') failures++;
    count++;
    elapsed = performance.now() - start;
  }
  const used = process.cpuUsage(cpu);
  reply({ kind: 'measured', count, elapsedMs: elapsed, cpuMs: (used.user + used.system) / 1000, failures });
}

process.on('message', (message: ToWorker) => {
  const work = async () => {
    if (message.kind === 'setup') {
      const made =
        library === '@gatehouse/verify'
          ? await gatehouse(message, backgroundErrors)
          : library === 'jose'
            ? jose(message)
            : library === VERIFY_FLOOR
              ? floor(message)
              : aws(message);
      const results = await sanity(message, made);
      for (const error of backgroundErrors) {
        results.push({ alg: 'ES256', case: 'background', ok: false, detail: error });
      }
      verify = made;
      pools = message.pools;
      reply({ kind: 'ready', sanity: results });
    } else {
      await measure(message);
    }
  };
  work().catch((error: unknown) =>
    reply({ kind: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
// The suite going away (or stopping us) ends this process.
process.on('disconnect', () => process.exit(0));
