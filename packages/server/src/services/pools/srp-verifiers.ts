import { hkdfSync, randomBytes } from 'node:crypto';
import { passwordX, srpPoolName, verifierOf } from '../../crypto/cognito-srp.js';
import { open, seal } from '../../crypto/envelope.js';
import { N } from '../../crypto/srp-group.js';

/** Cognito's salts are 128 bits. */
const SALT_BYTES = 16;

export interface SrpVerifier {
  salt: bigint;
  verifier: bigint;
}

/** Whose password a verifier is for: x mixes in the pool's name and the user's USER_ID_FOR_SRP. */
export interface SrpOwner {
  poolId: string;
  sub: string;
  /** USER_ID_FOR_SRP: the username as stored, which never changes. */
  username: string;
}

// Bound to the user's row: a sealed verifier copied to another user fails to open there.
const aad = (sub: string) => `pool_user_srp:${sub}`;

/**
 * The SRP verifier (g^x mod N) and salt kept for each pool user's password, sealed under the
 * master key. A verifier is not the password, but like a password hash it allows an offline
 * guess at it, so it is kept no less carefully than one.
 */
export class SrpVerifiers {
  readonly #masterKey: Buffer;
  readonly #standInKey: Buffer;

  constructor(masterKey: Buffer) {
    this.#masterKey = masterKey;
    this.#standInKey = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gatehouse srp stand-in v1', 32),
    );
  }

  /** A fresh salt and the verifier of this password, sealed for the owner's row. */
  create(owner: SrpOwner, password: string): string {
    const salt = BigInt(`0x${randomBytes(SALT_BYTES).toString('hex')}`);
    const x = passwordX(salt, srpPoolName(owner.poolId), owner.username, password);
    const plain = JSON.stringify({ s: salt.toString(16), v: verifierOf(x).toString(16) });
    return seal(this.#masterKey, Buffer.from(plain, 'utf8'), aad(owner.sub));
  }

  /** Throws EnvelopeError when the value was not sealed for this user. */
  open(sub: string, sealed: string): SrpVerifier {
    const { s, v } = JSON.parse(open(this.#masterKey, sealed, aad(sub)).toString('utf8')) as {
      s: string;
      v: string;
    };
    return { salt: BigInt(`0x${s}`), verifier: BigInt(`0x${v}`) };
  }

  /**
   * What an unknown name (or a user without a verifier) is challenged with: a salt and verifier
   * derived from the name with a server key, so asking twice gives the same salt, as for a real
   * user, and nobody without the key can tell it from one. No password matches it.
   */
  standIn(poolId: string, nameKey: string): SrpVerifier {
    const derive = (label: string, bytes: number): bigint => {
      const out = Buffer.from(
        hkdfSync('sha256', this.#standInKey, Buffer.alloc(0), `${label}\0${poolId}\0${nameKey}`, bytes),
      );
      return BigInt(`0x${out.toString('hex')}`);
    };
    // 64 bytes more than N: reduced mod N, the value is as good as uniform, as g^x is.
    const verifier = derive('verifier', 448) % N;
    return { salt: derive('salt', SALT_BYTES), verifier: verifier === 0n ? 1n : verifier };
  }
}
