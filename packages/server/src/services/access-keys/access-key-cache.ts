import { StoreUnavailableError } from '../errors.js';
import { signingKey } from './sigv4.js';
import { SERVICE } from './verify-signature.js';

/** A key as the signature check needs it. The secret stays in memory only, as signing keys do. */
export interface AccessKeyEntry {
  accessKeyId: string;
  teamId: string | null;
  name: string;
  enabled: boolean;
  secret: string;
  /** `date/region` → signing key: one HMAC chain a day per region, not one per request. */
  signingKeys: Map<string, Buffer>;
}

const PLAUSIBLE_ID = /^GHAK[A-Z2-7]{16}$/;
const LIMIT = 10_000;
/** Regions a key signs for in a day are few; past this, the oldest derived key is dropped. */
const SIGNING_KEYS_PER_KEY = 8;

export function signingKeyOf(entry: AccessKeyEntry, date: string, region: string): Buffer {
  const id = `${date}/${region}`;
  let key = entry.signingKeys.get(id);
  if (key === undefined) {
    key = signingKey(entry.secret, date, region, SERVICE);
    if (entry.signingKeys.size >= SIGNING_KEYS_PER_KEY) {
      const oldest = entry.signingKeys.keys().next().value;
      if (oldest !== undefined) entry.signingKeys.delete(oldest);
    }
    entry.signingKeys.set(id, key);
  }
  return key;
}

/**
 * Access keys in memory, so a warm signed call reads no key from the store. Kept current by
 * the change log (kind `access_key`) on every instance, and at once by this instance's own
 * writes. Unknown ids are cached as misses too; ids of the wrong shape never reach the store.
 */
export class AccessKeyCache {
  private readonly entries = new Map<string, Promise<AccessKeyEntry | undefined>>();

  constructor(private readonly load: (id: string) => Promise<AccessKeyEntry | undefined>) {}

  get(id: string): Promise<AccessKeyEntry | undefined> {
    if (!PLAUSIBLE_ID.test(id)) return Promise.resolve(undefined);
    let entry = this.entries.get(id);
    if (entry === undefined) {
      if (this.entries.size >= LIMIT) this.entries.clear();
      entry = this.load(id).catch((error: unknown) => {
        if (this.entries.get(id) === entry) this.entries.delete(id);
        throw new StoreUnavailableError(error);
      });
      this.entries.set(id, entry);
    }
    return entry;
  }

  invalidate(id: string): void {
    this.entries.delete(id);
  }

  clear(): void {
    this.entries.clear();
  }
}
