/** Buckets are grouped in blocks of this many `exp` seconds, each block's bytes joined once. */
const BLOCK_SECONDS = 64;

/** Token ids revoked with one `exp` second, with their wire form made once. */
interface Bucket {
  jtis: Set<string>;
  /** `,{"jti":…,"exp":…}` per entry; undefined after a change. */
  json: Buffer | undefined;
}

/** The buckets of BLOCK_SECONDS consecutive seconds, joined: a full list is a few hundred of these. */
interface Block {
  exps: Set<number>;
  json: Buffer | undefined;
}

/**
 * Revoked token ids kept in buckets by `exp` second, each serialised once, so expiry drops
 * whole buckets and the full list is a concatenation of ready-made bytes, never a
 * re-serialisation. What to list and since when is the RevocationList's business.
 */
export class RevokedTokenBuckets {
  /** Token id → its `exp`, in epoch seconds. */
  private readonly tokens = new Map<string, number>();
  private readonly buckets = new Map<number, Bucket>();
  private readonly blocks = new Map<number, Block>();

  get size(): number {
    return this.tokens.size;
  }

  has(jti: string): boolean {
    return this.tokens.has(jti);
  }

  /** The token's `exp` in epoch seconds, while it is listed. */
  exp(jti: string): number | undefined {
    return this.tokens.get(jti);
  }

  /** The soonest `exp` listed, in epoch seconds. */
  soonest(): number | undefined {
    let soonest: number | undefined;
    for (const exp of this.buckets.keys()) if (soonest === undefined || exp < soonest) soonest = exp;
    return soonest;
  }

  clear(): void {
    this.tokens.clear();
    this.buckets.clear();
    this.blocks.clear();
  }

  add(jti: string, exp: number): void {
    this.tokens.set(jti, exp);
    let bucket = this.buckets.get(exp);
    if (!bucket) {
      bucket = { jtis: new Set(), json: undefined };
      this.buckets.set(exp, bucket);
    }
    bucket.jtis.add(jti);
    bucket.json = undefined;
    const key = Math.floor(exp / BLOCK_SECONDS);
    let block = this.blocks.get(key);
    if (!block) {
      block = { exps: new Set(), json: undefined };
      this.blocks.set(key, block);
    }
    block.exps.add(exp);
    block.json = undefined;
  }

  /** Drops every bucket whose `exp` is `expired`; returns how many buckets went. */
  drop(expired: (exp: number) => boolean): number {
    let dropped = 0;
    for (const [exp, bucket] of this.buckets) {
      if (!expired(exp)) continue;
      for (const jti of bucket.jtis) this.tokens.delete(jti);
      this.buckets.delete(exp);
      const key = Math.floor(exp / BLOCK_SECONDS);
      const block = this.blocks.get(key);
      if (block) {
        block.exps.delete(exp);
        block.json = undefined;
        if (block.exps.size === 0) this.blocks.delete(key);
      }
      dropped++;
    }
    return dropped;
  }

  /**
   * Every entry as pieces, each starting with a comma: a change re-serialises its own bucket
   * and re-joins its own block, so no request pays for the whole list.
   */
  pieces(): Buffer[] {
    const out: Buffer[] = [];
    for (const block of this.blocks.values()) {
      if (block.json === undefined) {
        const parts: Buffer[] = [];
        for (const exp of block.exps) {
          const bucket = this.buckets.get(exp);
          if (bucket) parts.push((bucket.json ??= Buffer.from(entries(bucket.jtis, exp))));
        }
        block.json = Buffer.concat(parts);
      }
      if (block.json.length > 0) out.push(block.json);
    }
    return out;
  }
}

/** One listed token as the wire has it, led by a comma. */
export function entry(jti: string, exp: number): string {
  return `,{"jti":${JSON.stringify(jti)},"exp":${exp}}`;
}

function entries(jtis: Iterable<string>, exp: number): string {
  let out = '';
  for (const jti of jtis) out += entry(jti, exp);
  return out;
}
