import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { customIssue, MAX_TOKEN_TTL, SIGNING_ALGS, type SigningAlg } from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import { keyCheckValue, open, seal } from '../crypto/envelope.js';
import { createAsyncJwtSigner } from '@gatehouse/jws';
import {
  exportPrivateKey,
  generateSigningKey,
  importPrivateKey,
  jwkThumbprint,
  type PublicJwk,
  toPublicJwk,
} from '../crypto/keys.js';
import { type Db, UniqueViolation } from '../store/db.js';
import { recordChange } from '../store/repos/changes.js';
import { deleteExpiredKeys, insertKey, listKeys, setKeyState } from '../store/repos/keys.js';
import type { KeyState, SigningKeyRow } from '../store/repos/rows.js';
import { getSetting, initSetting } from '../store/repos/settings.js';
import { type Actor, SYSTEM_ACTOR } from './actor.js';
import { ConflictError, ValidationError } from './errors.js';
import { auditKey } from './key-audit.js';
import { iso } from './views.js';

/** Margin for clock skew between Gatehouse and the APIs that verify its tokens. */
const SKEW_MS = 5 * 60_000;

export interface KeyInfo {
  kid: string;
  alg: SigningAlg;
  state: KeyState;
  createdAt: string;
  activatedAt: string | null;
  retiredAt: string | null;
  publishUntil: string | null;
}

export interface Signer {
  kid: string;
  alg: SigningAlg;
  /** When this key started signing, epoch ms: its age is what rotation policies and alerts watch. */
  activatedAt: number;
  /** For signing threads, which prepare their own signers from it. */
  privateKey: KeyObject;
  /** Signs on the thread pool, so the event loop keeps serving while a signature is made. */
  sign: (payload: Record<string, unknown>) => Promise<string>;
}

/** What the token path needs, prepared once per change: signers, verification keys, the JWKS document. */
export interface Keyring {
  signers: ReadonlyMap<SigningAlg, Signer>;
  publicKeys: ReadonlyMap<string, { alg: SigningAlg; key: KeyObject }>;
  jwksJson: string;
}

export class MasterKeyMismatchError extends Error {
  constructor() {
    super(
      'the master key does not match the one this store was created with; set GATEHOUSE_MASTER_KEY to the original key (or restore master.key in the data directory)',
    );
    this.name = 'MasterKeyMismatchError';
  }
}

/**
 * Signing key lifecycle: `next` (published, not yet signing) → `active` (signing) →
 * `retired` (published until every token it signed has expired) → deleted.
 * Private keys are stored only sealed with the master key, bound to their kid.
 */
export class KeyService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly masterKey: Buffer,
  ) {}

  /** Fails loudly when started with a master key other than the store's. */
  async checkMasterKey(): Promise<void> {
    const kcv = keyCheckValue(this.masterKey);
    const stored =
      (await getSetting(this.db, 'master_key_check')) ??
      (await initSetting(this.db, 'master_key_check', kcv));
    if (stored !== kcv) throw new MasterKeyMismatchError();
  }

  /**
   * Gives every algorithm an active key; several instances starting at once agree on one. Each
   * key created here is audited as `key.activate` by Gatehouse itself (the first start, or an
   * algorithm added by an upgrade).
   */
  async ensureActiveKeys(): Promise<void> {
    const rows = await listKeys(this.db);
    for (const alg of SIGNING_ALGS) {
      if (rows.some((r) => r.alg === alg && r.state === 'active')) continue;
      try {
        await this.db.transaction(async (tx) => {
          const row = this.newKeyRow(alg, 'active');
          await insertKey(tx, row);
          // Audited like any key that starts signing; the instance that loses the race writes nothing.
          await auditKey(tx, this.clock, SYSTEM_ACTOR, 'key.activate', null, row);
          await recordChange(tx, 'keys', alg, this.clock.now());
        });
      } catch (error) {
        if (!(error instanceof UniqueViolation)) throw error;
      }
    }
  }

  async list(): Promise<KeyInfo[]> {
    return (await listKeys(this.db)).map((row) => ({
      kid: row.kid,
      alg: row.alg as SigningAlg,
      state: row.state,
      createdAt: iso(row.created_at),
      activatedAt: row.activated_at === null ? null : iso(row.activated_at),
      retiredAt: row.retired_at === null ? null : iso(row.retired_at),
      publishUntil: row.publish_until === null ? null : iso(row.publish_until),
    }));
  }

  /**
   * `prepublish`: adds the next key to the JWKS without signing with it, so verifiers have
   * cached it before the switch. Otherwise: the next key (or a new one) starts signing and the
   * active key retires, staying published until the longest-lived token it signed expires.
   * Every algorithm named rotates in one transaction: all of them change, or none does, and
   * each key that changes state is audited in it, under `actor` (Gatehouse itself by default).
   */
  async rotate(
    algs: SigningAlg | readonly SigningAlg[],
    options: { prepublish?: boolean; actor?: Actor } = {},
  ): Promise<KeyInfo[]> {
    const actor = options.actor ?? SYSTEM_ACTOR;
    const list = typeof algs === 'string' ? [algs] : algs;
    for (const alg of list) {
      if (!SIGNING_ALGS.includes(alg))
        throw new ValidationError([customIssue('alg', `must be one of ${SIGNING_ALGS.join(', ')}`)]);
    }
    // Key generation (RSA especially) happens before the transaction, so it holds no lock meanwhile.
    const fresh = new Map(
      list.map((alg) => [alg, this.newKeyRow(alg, options.prepublish ? 'next' : 'active')]),
    );
    await this.db.transaction(async (tx) => {
      const now = this.clock.now();
      const rows = await listKeys(tx);
      for (const alg of list) {
        const mine = rows.filter((r) => r.alg === alg);
        const next = mine.find((r) => r.state === 'next');
        const row = { ...(fresh.get(alg) as SigningKeyRow), created_at: now };
        if (options.prepublish) {
          if (next) throw new ConflictError(`an ${alg} key (${next.kid}) is already published as next`);
          await insertKey(tx, row);
          await auditKey(tx, this.clock, actor, 'key.prepublish', null, row);
          continue;
        }
        const active = mine.find((r) => r.state === 'active');
        if (active) {
          const publishUntil = now + MAX_TOKEN_TTL * 1000 + SKEW_MS;
          await setKeyState(tx, active.kid, 'retired', { retired_at: now, publish_until: publishUntil });
          const retired = { ...active, state: 'retired' as const, publish_until: publishUntil };
          await auditKey(tx, this.clock, actor, 'key.retire', active, retired);
        }
        if (next) {
          await setKeyState(tx, next.kid, 'active', { activated_at: now });
          await auditKey(tx, this.clock, actor, 'key.activate', next, { ...next, state: 'active' });
        } else {
          await insertKey(tx, { ...row, activated_at: now });
          await auditKey(tx, this.clock, actor, 'key.activate', null, row);
        }
      }
      await this.deleteExpired(tx, rows, now, actor);
      await recordChange(tx, 'keys', list.join(','), now);
    });
    return this.list();
  }

  /** Drops retired keys no token can still need. Returns how many went. */
  async prune(actor: Actor = SYSTEM_ACTOR): Promise<number> {
    return this.db.transaction(async (tx) => {
      const now = this.clock.now();
      const removed = await this.deleteExpired(tx, await listKeys(tx), now, actor);
      if (removed > 0) await recordChange(tx, 'keys', 'prune', now);
      return removed;
    });
  }

  /** Deletes the retired keys past their publication, auditing each; `rows` as read in `tx`. */
  private async deleteExpired(
    tx: Db,
    rows: readonly SigningKeyRow[],
    now: number,
    actor: Actor,
  ): Promise<number> {
    const expired = rows.filter(
      (r) => r.state === 'retired' && r.publish_until !== null && r.publish_until < now,
    );
    if (expired.length === 0) return 0;
    const removed = await deleteExpiredKeys(tx, now);
    for (const row of expired) await auditKey(tx, this.clock, actor, 'key.delete', row, null);
    return removed;
  }

  async loadKeyring(): Promise<Keyring> {
    const now = this.clock.now();
    const rows = await listKeys(this.db);
    const signers = new Map<SigningAlg, Signer>();
    const publicKeys = new Map<string, { alg: SigningAlg; key: KeyObject }>();
    const jwks: PublicJwk[] = [];
    for (const row of rows) {
      const alg = row.alg as SigningAlg;
      if (row.state === 'retired' && row.publish_until !== null && row.publish_until < now) continue;
      const jwk = JSON.parse(row.public_jwk) as PublicJwk;
      jwks.push(jwk);
      publicKeys.set(row.kid, {
        alg,
        key: createPublicKey({ key: { ...jwk } as JsonWebKey, format: 'jwk' }),
      });
      if (row.state === 'active') {
        const privateKey = importPrivateKey(open(this.masterKey, row.private_key, row.kid));
        signers.set(alg, {
          kid: row.kid,
          alg,
          activatedAt: row.activated_at ?? row.created_at,
          privateKey,
          sign: createAsyncJwtSigner(alg, privateKey, { typ: 'at+jwt', kid: row.kid }),
        });
      }
    }
    // Active keys first: verifiers that try keys in order find the current one at once.
    const rank = (kid: string) => (signers.get(publicKeys.get(kid)?.alg as SigningAlg)?.kid === kid ? 0 : 1);
    jwks.sort((a, b) => rank(a.kid) - rank(b.kid));
    return { signers, publicKeys, jwksJson: JSON.stringify({ keys: jwks }) };
  }

  private newKeyRow(alg: SigningAlg, state: KeyState): SigningKeyRow {
    const { privateKey, publicKey } = generateSigningKey(alg);
    const kid = jwkThumbprint(publicKey);
    const now = this.clock.now();
    return {
      kid,
      alg,
      state,
      public_jwk: JSON.stringify(toPublicJwk(publicKey, alg, kid)),
      private_key: seal(this.masterKey, exportPrivateKey(privateKey), kid),
      created_at: now,
      activated_at: state === 'active' ? now : null,
      retired_at: null,
      publish_until: null,
    };
  }
}
