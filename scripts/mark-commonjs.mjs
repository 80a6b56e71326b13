#!/usr/bin/env node
// After `tsc -b`: marks each SDK's CommonJS build as CommonJS. The packages say "type": "module"
// for their ESM build in dist/src; dist/cjs/package.json overrides that for the files below it,
// so Node loads them with require() semantics and TypeScript reads their .d.ts files as
// CommonJS declarations (without it, a `node16` CommonJS project fails with TS1479).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const packages = ['jws', 'verify', 'client'];

for (const name of packages) {
  const dir = join(root, 'packages', name, 'dist', 'cjs');
  if (!existsSync(dir)) {
    console.error(`${dir} is missing: run \`tsc -b\` first.`);
    process.exit(1);
  }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
}
