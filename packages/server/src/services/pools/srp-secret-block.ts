import { hkdfSync, randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { open, seal } from '../../crypto/envelope.js';

/** Cognito's challenge sessions last 3 minutes by default; the signature needs only seconds. */
export const SRP_BLOCK_TTL_MS = 3 * 60_000;
/** A real block is about 1.3 KB; anything far longer is refused before it is decoded. */
const MAX_BLOCK_LENGTH = 4096;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** What the server must remember between InitiateAuth and PASSWORD_VERIFIER. */
export interface SrpState {
  /** Random; spent on first use, so a block answers once. */
  id: string;
  poolId: string;
  /** The user challenged, or null when there is no such user. */
  sub: string | null;
  /** False when the challenge used a stand-in verifier (no user, or no verifier yet): it cannot succeed. */
  real: boolean;
  /** The user's password_changed_at when challenged: a password changed since voids the block. */
  passwordChangedAt: number | null;
  /** The name asked for, lower-cased: the stand-in's seed, and the lockout counter for unknown names. */
  nameKey: string;
  /** USER_ID_FOR_SRP. */
  userId: string;
  a: bigint;
  b: bigint;
  u: bigint;
  expiresAt: number;
}

interface Sealed {
  i: string;
  p: string;
  s: string | null;
  r: boolean;
  w: number | null;
  k: string;
  n: string;
  a: string;
  b: string;
  u: string;
  e: number;
}

const hex = (value: bigint) => value.toString(16);
const int = (text: string) => BigInt(`0x${text}`);
// A block works only with the app client it was issued to.
const aad = (clientId: string) => `pool_srp_block:${clientId}`;

/**
 * SECRET_BLOCK: the server's side of an SRP exchange (its private b among it), encrypted and
 * authenticated under a key derived from the master key, with an expiry. The client signs its
 * bytes and hands it back, so the server keeps nothing per challenge until one is answered.
 */
export class SrpSecretBlocks {
  readonly #key: Buffer;

  constructor(
    masterKey: Buffer,
    private readonly clock: Clock,
  ) {
    this.#key = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gatehouse srp secret block v1', 32),
    );
  }

  /** Standard base64, as the SDKs decode it before signing. */
  issue(clientId: string, state: Omit<SrpState, 'id' | 'expiresAt'>): { block: string; state: SrpState } {
    const full: SrpState = {
      ...state,
      id: randomBytes(16).toString('base64url'),
      expiresAt: this.clock.now() + SRP_BLOCK_TTL_MS,
    };
    const body: Sealed = {
      i: full.id,
      p: full.poolId,
      s: full.sub,
      r: full.real,
      w: full.passwordChangedAt,
      k: full.nameKey,
      n: full.userId,
      a: hex(full.a),
      b: hex(full.b),
      u: hex(full.u),
      e: full.expiresAt,
    };
    const sealed = seal(this.#key, Buffer.from(JSON.stringify(body), 'utf8'), aad(clientId));
    return { block: Buffer.from(sealed, 'utf8').toString('base64'), state: full };
  }

  /**
   * The state and the exact bytes the client signed; undefined when the block is malformed,
   * forged, issued to another client, or expired.
   */
  read(clientId: string, block: string): { state: SrpState; bytes: Buffer } | undefined {
    if (block.length > MAX_BLOCK_LENGTH || !BASE64.test(block)) return undefined;
    const bytes = Buffer.from(block, 'base64');
    let body: Sealed;
    try {
      body = JSON.parse(open(this.#key, bytes.toString('utf8'), aad(clientId)).toString('utf8')) as Sealed;
    } catch {
      return undefined;
    }
    if (body.e <= this.clock.now()) return undefined;
    const state: SrpState = {
      id: body.i,
      poolId: body.p,
      sub: body.s,
      real: body.r === true,
      passwordChangedAt: body.w,
      nameKey: body.k,
      userId: body.n,
      a: int(body.a),
      b: int(body.b),
      u: int(body.u),
      expiresAt: body.e,
    };
    return { state, bytes };
  }
}
