#!/usr/bin/env node
// The `gatehouse` command. The TypeScript sources are compiled by `npm ci` (the prepare step)
// or `npm run build`; this shim only points Node at the result.
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('gatehouse: not built yet; run `npm run build` in the repository root first.\n');
  process.exit(1);
}
await import(main.href);
