import type { SigningAlg } from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { listKeys } from '../store/repos/keys.js';
import { ConflictError } from './errors.js';
import { iso } from './views.js';

/**
 * How long a key must have been in the JWKS before tokens for an API may be signed with it:
 * the longest a verifier keeps a fetched key set, @gatehouse/verify's default
 * `cacheMaxAgeSeconds` (600), which also covers the JWKS endpoint's `max-age=60`. Verifiers that
 * refetch on an unknown `kid` would cope sooner; the ones that do not are who this protects.
 */
export const KEY_READY_MS = 10 * 60_000;

/**
 * Refuses to move an API's tokens to `alg` until a key of that algorithm is signing and has
 * been published long enough for verifiers to hold it. A key's `created_at` is when it joined
 * the JWKS: a pre-published (`next`) key that later became active counts from then.
 */
export async function assertKeyReady(db: Db, clock: Clock, alg: SigningAlg, what: string): Promise<void> {
  const now = clock.now();
  const active = (await listKeys(db)).find((row) => row.alg === alg && row.state === 'active');
  const prepare =
    `to have one ready ahead of a switch, pre-publish it (gatehouse keys rotate --alg ${alg} --prepublish), ` +
    `wait ${KEY_READY_MS / 60_000} minutes, then make it sign (gatehouse keys rotate --alg ${alg})`;
  if (active === undefined) {
    throw new ConflictError(`cannot switch ${what} to ${alg}: no ${alg} key is signing; ${prepare}`);
  }
  const readyAt = active.created_at + KEY_READY_MS;
  if (readyAt > now) {
    throw new ConflictError(
      `cannot switch ${what} to ${alg} yet: its ${alg} signing key (${active.kid}) has been in the JWKS only since ` +
        `${iso(active.created_at)}, and verifiers may cache the key set for ${KEY_READY_MS / 60_000} minutes, so ` +
        `tokens signed with it now could be refused. Try again after ${iso(readyAt)}; ${prepare}`,
    );
  }
}
