import { type ChildProcess, fork } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createJwtSigner, type SigningAlg } from '@gatehouse/jws';
import { median, ratio } from '../lib/stats.js';
import type { Check, Row, SuiteOptions, SuiteResult } from '../lib/suite.js';
import {
  type BadTokens,
  type FromWorker,
  type MeasuredMessage,
  type SetupMessage,
  type ToWorker,
  VERIFY_ALGS,
  VERIFY_FLOOR,
  VERIFY_LIBRARIES,
  type VerifyAlg,
  type VerifyLibrary,
} from '../verify-protocol.js';

const ISSUER = 'https://auth.bench.example';
const AUDIENCE = 'bench-orders';
const CLIENT_ID = 'gh_bench_client';
const GATEHOUSE: VerifyLibrary = '@gatehouse/verify';

/** Measured time this suite aims at (the whole bench must stay under 10 minutes). */
const BUDGET_SECONDS = 54;

interface KeyPair {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

function keyPair(alg: VerifyAlg): KeyPair {
  const { privateKey, publicKey } =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `bench-${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`;
  // As Gatehouse publishes its keys: kid, alg and use on every JWK.
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' } };
}

/** Tokens shaped like Gatehouse's (RFC 9068): typ at+jwt, kid, iss/sub/aud/client_id/scope/iat/exp/jti. */
function tokenMaker(alg: VerifyAlg, key: KeyPair, typ = 'at+jwt') {
  const sign = createJwtSigner(alg as SigningAlg, key.privateKey, { typ, kid: key.kid });
  return (overrides: Record<string, unknown> = {}) => {
    const iat = Math.floor(Date.now() / 1000);
    return sign({
      iss: ISSUER,
      sub: CLIENT_ID,
      aud: AUDIENCE,
      client_id: CLIENT_ID,
      scope: 'list-orders place-order',
      iat,
      exp: iat + 3600,
      jti: randomUUID(),
      ...overrides,
    });
  };
}

/** Flips one bit in the middle of the signature: same length, still base64url, wrong. */
function tamper(token: string): string {
  const dot = token.lastIndexOf('.');
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  const at = signature.length >> 1;
  signature[at] = (signature[at] as number) ^ 0x01;
  return `${token.slice(0, dot + 1)}${signature.toString('base64url')}`;
}

/** One library's worker process, with a request/answer channel. */
class Worker {
  private waiting: { resolve: (m: FromWorker) => void; reject: (e: Error) => void } | undefined;

  private constructor(
    readonly library: VerifyLibrary,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (message: FromWorker) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.resolve(message);
    });
    child.on('exit', (code) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.reject(new Error(`${library} worker exited with ${code}`));
    });
  }

  static start(library: VerifyLibrary): Worker {
    const script = fileURLToPath(new URL('../verify-worker.js', import.meta.url));
    const child = fork(script, [library], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Worker(library, child);
  }

  ask(message: ToWorker): Promise<FromWorker> {
    if (this.waiting) throw new Error('one request at a time');
    return new Promise<FromWorker>((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.child.send(message);
    }).then((answer) => {
      if (answer.kind === 'failed') throw new Error(`${this.library}: ${answer.error}`);
      return answer;
    });
  }

  async measure(alg: VerifyAlg, seconds: number): Promise<MeasuredMessage> {
    const answer = await this.ask({ kind: 'measure', alg, seconds });
    if (answer.kind !== 'measured') throw new Error(`${this.library}: unexpected answer ${answer.kind}`);
    if (answer.failures > 0) throw new Error(`${this.library}: ${answer.failures} tokens did not verify`);
    return answer;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      const kill = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      this.child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      this.child.kill('SIGTERM');
    });
  }
}

/**
 * Token verification, warm keys: @gatehouse/verify vs jose's jwtVerify with a local JWKS vs
 * aws-jwt-verify, per algorithm. Each library runs in its own process, one at a time, verifying
 * as many tokens as it can, one after the other, from a pool of distinct tokens.
 */
export async function run(options: SuiteOptions): Promise<SuiteResult> {
  const rounds = options.quick ? 1 : Math.max(1, options.rounds);
  const seconds = options.quick
    ? 1
    : Math.max(1, Math.min(options.seconds, BUDGET_SECONDS / (rounds * VERIFY_LIBRARIES.length * 2)));
  const warmupSeconds = options.quick ? 0.3 : Math.min(Math.max(options.warmupSeconds, 0.5), 1);
  const poolSize = options.quick ? 100 : 1000;

  options.log(`verify: signing ${poolSize} tokens per algorithm`);
  const keys = { ES256: keyPair('ES256'), RS256: keyPair('RS256') };
  const revokedJti = randomUUID();
  const pools = {} as Record<VerifyAlg, string[]>;
  const bad = {} as Record<VerifyAlg, BadTokens>;
  const revoked = {} as Record<VerifyAlg, string>;
  for (const alg of VERIFY_ALGS) {
    const make = tokenMaker(alg, keys[alg]);
    pools[alg] = Array.from({ length: poolSize }, () => make());
    const past = Math.floor(Date.now() / 1000) - 7200;
    bad[alg] = {
      wrongAudience: make({ aud: 'another-api' }),
      wrongIssuer: make({ iss: 'https://elsewhere.example' }),
      badSignature: tamper(make()),
      wrongTyp: tokenMaker(alg, keys[alg], 'JWT')(),
      expired: make({ iat: past, exp: past + 600 }),
    };
    revoked[alg] = make({ jti: revokedJti });
  }
  const setup: SetupMessage = {
    kind: 'setup',
    issuer: ISSUER,
    audience: AUDIENCE,
    jwks: { keys: [keys.ES256.jwk, keys.RS256.jwk] },
    revokedJti,
    pools,
    bad,
    revoked,
    clientId: CLIENT_ID,
  };

  const workers: Worker[] = [];
  try {
    for (const library of VERIFY_LIBRARIES) workers.push(Worker.start(library));
    // Before any timing: every library accepts a good token and refuses the bad ones, so a
    // misconfigured contender cannot produce a fast but meaningless number.
    for (const worker of workers) {
      const answer = await worker.ask(setup);
      if (answer.kind !== 'ready') throw new Error(`${worker.library}: unexpected answer ${answer.kind}`);
      const wrong = answer.sanity.filter((s) => !s.ok);
      if (wrong.length > 0) {
        throw new Error(
          `verify sanity check failed for ${worker.library}: ${wrong.map((s) => `${s.alg} ${s.case}: ${s.detail}`).join('; ')}`,
        );
      }
    }

    const samples = new Map<string, MeasuredMessage[]>();
    for (const alg of VERIFY_ALGS) {
      for (const worker of workers) await worker.measure(alg, warmupSeconds);
    }
    for (let round = 0; round < rounds; round++) {
      for (const alg of VERIFY_ALGS) {
        // A, B, C in turn; each round starts with the next one, so none always goes first.
        for (let i = 0; i < workers.length; i++) {
          const worker = workers[(round + i) % workers.length] as Worker;
          const result = await worker.measure(alg, seconds);
          const key = `${worker.library} ${alg}`;
          samples.set(key, [...(samples.get(key) ?? []), result]);
          options.log(
            `verify: round ${round + 1}/${rounds} ${alg} ${worker.library}: ${Math.round((result.count * 1000) / result.elapsedMs)}/s`,
          );
        }
      }
    }

    const rate = new Map<string, number>();
    const cores = new Map<string, number>();
    for (const [key, runs] of samples) {
      rate.set(key, median(runs.map((r) => (r.count * 1000) / r.elapsedMs)));
      cores.set(key, median(runs.map((r) => r.cpuMs / r.elapsedMs)));
    }
    const rows: Row[] = [];
    for (const alg of VERIFY_ALGS) {
      for (const library of VERIFY_LIBRARIES) {
        const perSecond = rate.get(`${library} ${alg}`) ?? NaN;
        rows.push({
          algorithm: alg,
          library,
          'verifications/s': Math.round(perSecond),
          'µs/verify': Number((1e6 / perSecond).toFixed(1)),
          'CPU cores used': Number((cores.get(`${library} ${alg}`) ?? NaN).toFixed(2)),
          'vs jose': Number(ratio(perSecond, rate.get(`jose ${alg}`) ?? NaN).toFixed(2)),
        });
      }
    }

    const checks: Check[] = [];
    for (const alg of VERIFY_ALGS) {
      const ours = rate.get(`${GATEHOUSE} ${alg}`) ?? NaN;
      const vsJose = ratio(ours, rate.get(`jose ${alg}`) ?? NaN);
      const vsAws = ratio(ours, rate.get(`aws-jwt-verify ${alg}`) ?? NaN);
      checks.push({
        name: `verify ${alg}: @gatehouse/verify vs jose`,
        actual: Number(vsJose.toFixed(2)),
        target: '≥ 2x jose',
        pass: vsJose >= 2,
      });
      checks.push({
        name: `verify ${alg}: @gatehouse/verify vs aws-jwt-verify`,
        actual: Number(vsAws.toFixed(2)),
        target: '≥ 1x aws-jwt-verify',
        pass: vsAws >= 1,
      });
    }

    const floorVsJose = VERIFY_ALGS.map(
      (alg) =>
        `${ratio(rate.get(`${VERIFY_FLOOR} ${alg}`) ?? NaN, rate.get(`jose ${alg}`) ?? NaN).toFixed(2)}x for ${alg}`,
    ).join(' and ');
    return {
      id: 'verify',
      title: 'Token verification, warm keys (one verification at a time, per process)',
      columns: ['algorithm', 'library', 'verifications/s', 'µs/verify', 'CPU cores used', 'vs jose'],
      rows,
      checks,
      notes: [
        `${poolSize} distinct tokens per algorithm (unique jti each), used in rotation; every call decodes the token, checks its signature and its claims. No library caches verification results: jose caches the imported key per JWK, aws-jwt-verify the KeyObject per kid, @gatehouse/verify the KeyObject per kid and the split scope strings.`,
        'Each library runs in its own process, one at a time, awaiting each verification before the next (as an API does per request); medians of ' +
          `${rounds} round(s) of ${seconds.toFixed(1)} s after a ${warmupSeconds} s warm-up, libraries alternating within each round.`,
        `The ${VERIFY_FLOOR} is no library: it splits the token, parses header and payload, finds the KeyObject by kid, checks alg and typ, makes one crypto.verify and checks iss, aud, exp, nbf and the required claims, and nothing else. Against jose it reaches ${floorVsJose} in this run: no verifier that checks signatures with node:crypto can go past that on this machine, since most of each figure is the signature check itself.`,
        'All four check signature, iss, aud, typ at+jwt, exp/nbf/iat with 5 s leeway and the presence of sub, client_id, jti (aws-jwt-verify through its customJwtCheck, as it has no typ option). @gatehouse/verify also checks the issuer revocation list (loaded by warm() from an in-memory fetch and polled every 10 s) and splits scopes.',
        'Sanity check before timing: each contender accepted a valid token and refused wrong audience, wrong issuer, a flipped signature bit, typ JWT and an expired token, per algorithm (and @gatehouse/verify a revoked jti).',
        '"CPU cores used" is the worker process CPU time over wall time: jose verifies through WebCrypto, whose work partly runs on libuv threads, so its rate may use more than one core; the rates are not normalized for that.',
      ],
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}
