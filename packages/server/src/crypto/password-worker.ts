import { scryptSync } from 'node:crypto';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { KEY_BYTES, type ScryptJob, scryptMaxmem } from './passwords.js';

/**
 * Runs scrypt on its own thread, one job at a time. A worker rather than the async scrypt:
 * that one runs on libuv's shared thread pool, where token signatures wait behind it.
 */
try {
  // On Linux the nice value is per thread and 0 means this one: when the CPUs are contended,
  // hashing yields to the thread that issues tokens. Elsewhere this may apply to the whole
  // process or be refused, so it is skipped there.
  if (process.platform === 'linux') setPriority(10);
} catch {
  // not permitted here: hashing still runs, at normal priority
}
parentPort?.on('message', (job: ScryptJob) => {
  try {
    const key = scryptSync(job.password, job.salt, KEY_BYTES, {
      N: job.n,
      r: job.r,
      p: job.p,
      maxmem: scryptMaxmem(job),
    });
    parentPort?.postMessage({ key });
  } catch (error) {
    parentPort?.postMessage({ error: (error as Error).message });
  }
});
