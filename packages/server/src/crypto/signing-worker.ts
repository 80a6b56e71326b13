import type { KeyObject } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { type AssertionAlg, createJwtSigner } from '@gatehouse/jws';
import { atHash } from './at-hash.js';
import { decodeJobs, encodeResults, type SigningBatch, type SigningResult } from './signing-protocol.js';

/**
 * Signs a person's tokens on a thread of its own, a batch per message: the access token, then
 * the ID token with the at_hash of the token just signed. One message for a whole turn of the
 * event loop's grants costs the loop far less than waking libuv's pool twice per grant.
 */
const signers = new Map<string, (payload: string) => string>();

function signerFor(ref: string): (payload: string) => string {
  const signer = signers.get(ref);
  if (!signer) throw new Error(`no key ${ref} on this signing thread`);
  return signer;
}

parentPort?.on('message', (batch: SigningBatch) => {
  for (const key of batch.keys) {
    const [kid, typ] = key.ref.split('|') as [string, string];
    signers.set(key.ref, createJwtSigner(key.alg as AssertionAlg, key.key as KeyObject, { typ, kid }));
  }
  const results: SigningResult[] = decodeJobs(batch.jobs).map((job) => {
    try {
      const accessToken = signerFor(job.access.ref)(job.access.json);
      if (!job.id) return { tokens: [accessToken] };
      const { json, alg } = job.id;
      const idJson = `${json.slice(0, -1)},"at_hash":${JSON.stringify(atHash(accessToken, alg))}}`;
      return { tokens: [accessToken, signerFor(job.id.ref)(idJson)] };
    } catch (error) {
      return { error: (error as Error).message };
    }
  });
  parentPort?.postMessage(encodeResults(results));
});
