import { createHash } from 'node:crypto';

/** A registered client the load generator authenticates as: its id and its plain secret. */
export interface BenchClient {
  clientId: string;
  secret: string;
}

/** The two resource servers every target serves, one per signing algorithm. */
export const ALGS = ['ES256', 'RS256'] as const;
export type Alg = (typeof ALGS)[number];
export const RESOURCES: Readonly<Record<Alg, string>> = {
  ES256: 'https://es256.api.bench.example',
  RS256: 'https://rs256.api.bench.example',
};
export const SCOPE = 'read';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * Client number `i` of a store made with `seed`: a 26-character id in Gatehouse's own format
 * and a secret of the same shape and length as the ones Gatehouse issues (ghs_ + 256 bits).
 * Derived, not stored, so 100,000 clients cost no memory in the benchmark process.
 */
export function benchClient(seed: string, i: number): BenchClient {
  const idBytes = createHash('sha256').update(`${seed}:id:${i}`).digest();
  let clientId = '';
  for (let k = 0; k < 26; k++) clientId += BASE32[(idBytes[k] as number) & 31];
  const secret = 'ghs_' + createHash('sha256').update(`${seed}:secret:${i}`).digest('base64url');
  return { clientId, secret };
}

/** `count` clients spread evenly over the `total` a store holds, so a sample is not all neighbours. */
export function sampleClients(seed: string, total: number, count: number): BenchClient[] {
  const n = Math.min(count, total);
  const step = total / n;
  return Array.from({ length: n }, (_, k) => benchClient(seed, Math.floor(k * step)));
}
