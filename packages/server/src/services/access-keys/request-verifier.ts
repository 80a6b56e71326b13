import type { Clock } from '../../clock.js';
import type { Db } from '../../store/db.js';
import { touchAccessKey } from '../../store/repos/access-keys.js';
import { claimSignature } from '../../store/repos/seen-signatures.js';
import type { AccessKeyActor } from '../actor.js';
import { accessKeyActor } from './access-key-actor.js';
import { type AccessKeyCache, signingKeyOf } from './access-key-cache.js';
import type { AccessKeyPrincipal } from './principal.js';
import { INVALID_TOKEN, SignatureRefused } from './signature-refused.js';
import { checkSignature, parseSignedRequest, type SignedRequest, SKEW_MS } from './verify-signature.js';

/** A signed call that passed: who signed it, and the actor the services see. */
export interface VerifiedCaller {
  principal: AccessKeyPrincipal;
  actor: AccessKeyActor;
}

/** Last-used times are for people: one write a minute per key is plenty. */
const TOUCH_EVERY_MS = 60_000;
/** A signature is remembered past its own window by this much, for clocks that differ a little. */
const REMEMBER_MARGIN_MS = 60_000;

/**
 * Checks a request's SigV4 signature against the access key it names. A warm check reads no key
 * from the store; it writes one row, the signature, so that no instance accepts it twice.
 */
export class RequestVerifier {
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cache: AccessKeyCache,
  ) {}

  async verify(
    request: SignedRequest,
    origin: { ip: string | null; userAgent: string | null },
  ): Promise<VerifiedCaller> {
    const now = this.clock.now();
    const parsed = parseSignedRequest(request, now);
    const key = await this.cache.get(parsed.header.accessKeyId);
    if (!key?.enabled) throw new SignatureRefused('UnrecognizedClientException', INVALID_TOKEN);
    checkSignature(request, parsed, { signingKey: (date, region) => signingKeyOf(key, date, region) });
    const fresh = await claimSignature(
      this.db,
      parsed.header.signature,
      parsed.signedAt + SKEW_MS + REMEMBER_MARGIN_MS,
    );
    if (!fresh) {
      throw new SignatureRefused(
        'InvalidSignatureException',
        'Signature has already been used: sign every request afresh.',
      );
    }
    this.touch(key.accessKeyId, now);
    const identity = { accessKeyId: key.accessKeyId, teamId: key.teamId, name: key.name };
    return {
      principal: { accessKeyId: key.accessKeyId, teamId: key.teamId },
      actor: accessKeyActor(identity, origin),
    };
  }

  private touch(id: string, now: number): void {
    if (now - (this.touched.get(id) ?? 0) < TOUCH_EVERY_MS) return;
    if (this.touched.size >= 10_000) this.touched.clear();
    this.touched.set(id, now);
    // Written behind: a store that cannot take it now takes the next one; the call goes ahead.
    touchAccessKey(this.db, id, now).catch(() => this.touched.delete(id));
  }
}
