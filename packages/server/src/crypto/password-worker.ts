import { scryptSync } from 'node:crypto';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type * as Argon2 from '@node-rs/argon2';
import type { Argon2Job } from './argon2-hash.js';
import { type HashJob, KEY_BYTES, type ModPowJob, scryptMaxmem, type WorkerJob } from './passwords.js';
import { modPowN, toBytes } from './srp-group.js';

/**
 * Runs scrypt or argon2id on its own thread, one job at a time. A worker rather than the async
 * scrypt or argon2: those run on libuv's shared thread pool, where token signatures wait behind them.
 */
try {
  // On Linux the nice value is per thread and 0 means this one: when the CPUs are contended,
  // hashing yields to the thread that issues tokens. Elsewhere this may apply to the whole
  // process or be refused, so it is skipped there.
  if (process.platform === 'linux') setPriority(10);
} catch {
  // not permitted here: hashing still runs, at normal priority
}

/** The package's `Algorithm.Argon2id`, a const enum that isolated modules cannot read. */
const ARGON2ID = 2;
// Loaded on the first argon2id job: workers that only ever check portal passwords never load it.
let argon2: Promise<typeof Argon2> | undefined;

async function runArgon2(job: Argon2Job): Promise<Buffer> {
  argon2 ??= import('@node-rs/argon2');
  const { hashRawSync } = await argon2;
  return hashRawSync(job.password, {
    algorithm: ARGON2ID,
    salt: job.salt,
    memoryCost: job.memoryKib,
    timeCost: job.passes,
    parallelism: job.lanes,
    outputLen: job.keyBytes,
  });
}

function runScrypt(job: Exclude<HashJob, Argon2Job>): Buffer {
  return scryptSync(job.password, job.salt, KEY_BYTES, {
    N: job.n,
    r: job.r,
    p: job.p,
    maxmem: scryptMaxmem(job),
  });
}

function runModPow(job: ModPowJob): Buffer {
  return toBytes(modPowN(BigInt(`0x${job.base}`), BigInt(`0x${job.exponent}`)));
}

function run(job: WorkerJob): Promise<Buffer> {
  if (job.kind === 'argon2id') return runArgon2(job);
  if (job.kind === 'modpow') return Promise.resolve().then(() => runModPow(job));
  return Promise.resolve().then(() => runScrypt(job));
}

parentPort?.on('message', (job: WorkerJob) => {
  const work = run(job);
  work.then(
    (key) => parentPort?.postMessage({ key }),
    (error: unknown) => parentPort?.postMessage({ error: (error as Error).message }),
  );
});
