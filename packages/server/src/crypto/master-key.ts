import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

// The master key encrypts every private signing key at rest (see envelope.ts).

const KEY_BYTES = 32;
export const MASTER_KEY_FILE = 'master.key';
const FILE_NAME = MASTER_KEY_FILE;
const HEX = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]{43}={0,1}$/;
const HOW_TO_MAKE = 'generate one with `openssl rand -base64 32` or `gatehouse master-key generate`';

export class MasterKeyError extends Error {
  override name = 'MasterKeyError';
}

/** A new master key: 32 random bytes, base64. */
export function generateMasterKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** Accepts 32 bytes as base64, base64url or 64 hex characters. Errors never echo the value. */
export function parseMasterKey(value: string): Buffer {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') throw new MasterKeyError(`the master key is empty; ${HOW_TO_MAKE}`);
  // Hex first: 64 hex characters are also valid base64 (of 48 bytes).
  if (HEX.test(text)) return Buffer.from(text, 'hex');
  if (BASE64.test(text)) {
    const key = Buffer.from(text, 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new MasterKeyError(
    `the master key must be ${KEY_BYTES} bytes encoded as base64 (44 characters), base64url (43) ` +
      `or hex (64); got ${text.length} characters; ${HOW_TO_MAKE}`,
  );
}

function isErrno(err: unknown, code: string): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === code;
}

function readKeyFile(path: string): Buffer {
  const stat = statSync(path);
  if (!stat.isFile()) throw new MasterKeyError(`${path} is not a regular file`);
  // POSIX permission bits mean nothing on Windows.
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
    throw new MasterKeyError(
      `${path} is readable or writable by group or others (mode ${mode}); run \`chmod 600 ${path}\``,
    );
  }
  try {
    return parseMasterKey(readFileSync(path, 'utf8'));
  } catch (err) {
    if (err instanceof MasterKeyError) throw new MasterKeyError(`${path}: ${err.message}`);
    throw err;
  }
}

// Best effort: makes the new directory entry durable. Not every platform can open a directory.
function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // ignored on purpose: the key file itself is already synced
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Reads `<dir>/master.key`, or creates it (mode 0600) on first start. Creation writes a private
 * temp file and hard-links it into place, so of two processes racing on first start, exactly one
 * key wins and both use it.
 *
 * `existingStore` names a store file that is already there: its signing keys are encrypted with
 * the key that was beside it, so a missing key is an error to fix, never a reason to make a new one.
 */
export function loadOrCreateMasterKeyFile(
  dir: string,
  options: { existingStore?: string | undefined } = {},
): { key: Buffer; created: boolean; path: string } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, FILE_NAME);
  try {
    return { key: readKeyFile(path), created: false, path };
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
  }
  if (options.existingStore !== undefined) {
    const store = options.existingStore;
    throw new MasterKeyError(
      `${path} is missing, but the store ${store} already exists and its signing keys are encrypted ` +
        `with the master key that was beside it. Put that ${FILE_NAME} back (from your backup), or set ` +
        `GATEHOUSE_MASTER_KEY to it. A new key cannot read this store: to start afresh instead, move ` +
        `${store} and its -wal and -shm files away.`,
    );
  }

  const encoded = generateMasterKey();
  const tmp = join(dir, `.${FILE_NAME}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, `${encoded}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(tmp, path);
    } catch (err) {
      if (isErrno(err, 'EEXIST')) return { key: readKeyFile(path), created: false, path };
      throw err;
    }
    fsyncDir(dir);
    return { key: Buffer.from(encoded, 'base64'), created: true, path };
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone, or never created because openSync failed
    }
  }
}
