import { performance } from 'node:perf_hooks';
import { rmSync } from 'node:fs';
import { loadConfig, openGatehouse } from '@gatehouse/server';
import { ARGON2_LANES, ARGON2_MEMORY_KIB, ARGON2_PASSES } from '@gatehouse/server';
import { tempDir } from './paths.js';

export interface PasswordCheckResult {
  loginsPerSecond: number;
  checks: number;
  workers: number;
  parameters: string;
}

/**
 * Sign-in password checks as the hosted pages make them: PoolPasswords.verify (argon2id on the
 * server's PasswordHasher worker threads, under its limits), with as many checks in flight as
 * there are workers, half of them with a wrong password. Measured apart from the token path,
 * which never hashes a password.
 */
export async function measurePasswordChecks(seconds: number): Promise<PasswordCheckResult> {
  const dataDir = tempDir('gatehouse-passwords');
  const config = loadConfig({}, { ...process.env, GATEHOUSE_DATA_DIR: dataDir });
  const gatehouse = await openGatehouse(config);
  try {
    const password = 'correct horse battery staple, bench';
    const stored = await gatehouse.poolPasswords.hash(password);
    const workers = config.passwordHashing.concurrency;
    let checks = 0;
    const end = performance.now() + seconds * 1000;
    const loop = async (k: number) => {
      for (let i = k; performance.now() < end; i++) {
        const ok = await gatehouse.poolPasswords.verify(i % 2 === 0 ? password : `${password}!`, stored);
        if (ok !== (i % 2 === 0)) throw new Error('password check answered wrong');
        checks++;
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: workers }, (_, k) => loop(k)));
    const elapsed = (performance.now() - start) / 1000;
    return {
      loginsPerSecond: checks / elapsed,
      checks,
      workers,
      parameters: `argon2id, m=${ARGON2_MEMORY_KIB} KiB, t=${ARGON2_PASSES}, p=${ARGON2_LANES}, 32-byte hash, 16-byte salt`,
    };
  } finally {
    await gatehouse.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
