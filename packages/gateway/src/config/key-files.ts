import { isAbsolute, resolve } from 'node:path';
import { readPublishedKey, readSigningKey } from '../claims/signing-key.js';
import { type ConfigIssue, formatPath, GatewayConfigError } from './errors.js';
import type { GatewayConfig } from './schema.js';

/**
 * Makes `signedClaims.keyFile` and `publishKeyFiles` absolute (so validating the result again
 * reads the same files) and reads the keys now: a missing or unusable key stops the start,
 * naming the file and the fix.
 */
export function checkKeyFiles(
  config: GatewayConfig,
  filename: string | undefined,
  line: (path: readonly PropertyKey[]) => number | undefined,
  baseDir: string | undefined,
): void {
  const signed = config.signedClaims;
  if (signed === undefined) return;
  const absolute = (file: string) => (isAbsolute(file) ? file : resolve(baseDir ?? process.cwd(), file));
  const issues: ConfigIssue[] = [];
  const check = (path: (string | number)[], problem: unknown) => {
    if (typeof problem === 'string')
      issues.push({ line: line(path), path: formatPath(path), message: problem });
  };
  signed.keyFile = absolute(signed.keyFile);
  const key = readSigningKey(signed.keyFile);
  check(['signedClaims', 'keyFile'], key);
  // A kid names one key: an upstream given two keys under one kid cannot tell which signed.
  const kids = new Map<string, string>();
  if (typeof key !== 'string') kids.set(key.kid, JSON.stringify(key.publicJwk));
  if (signed.publishKeyFiles !== undefined) signed.publishKeyFiles = signed.publishKeyFiles.map(absolute);
  signed.publishKeyFiles?.forEach((file, index) => {
    const jwk = readPublishedKey(file);
    const kid = typeof jwk === 'string' ? undefined : (jwk.kid ?? '');
    const known = kid === undefined ? undefined : kids.get(kid);
    check(
      ['signedClaims', 'publishKeyFiles', index],
      known !== undefined && known !== JSON.stringify(jwk)
        ? `${file} has the kid "${kid}" of another key; each key needs its own`
        : jwk,
    );
    if (kid !== undefined) kids.set(kid, JSON.stringify(jwk));
  });
  if (issues.length > 0) throw new GatewayConfigError(filename, issues);
}
