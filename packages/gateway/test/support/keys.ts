import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A folder for key files, removed by `remove()`. */
export class KeyDir {
  readonly path = mkdtempSync(join(tmpdir(), 'gatehouse-gateway-keys-'));

  /** Writes `text` to `name` and returns the file's path. */
  write(name: string, text: string): string {
    const file = join(this.path, name);
    writeFileSync(file, text, { mode: 0o600 });
    return file;
  }

  /** A new EC P-256 private key as PKCS#8 PEM, the form `openssl genpkey` writes. */
  ecPem(name = 'gateway-key.pem'): string {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return this.write(name, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
