#!/usr/bin/env node
// Runs every compiled test file with Node's test runner, after `tsc -b` has built them.
// Decides once whether the PostgreSQL suite can run, so every test file agrees.
//
//   node scripts/test.mjs [filter...]   run the tests whose path contains any filter
//
// The runner's TAP goes to stdout unchanged; after the totals, every failed test is listed
// again with its error, so the end of a long log says what failed.
//
// PostgreSQL: GATEHOUSE_TEST_POSTGRES_URL names a server the tests may create throwaway
// databases on. Without it, postgres://postgres@127.0.0.1:5432/postgres is tried; when no
// server answers, the PostgreSQL suite is skipped (in CI, with CI=true, that is an error).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { nodeTestFlags } from './node-test-flags.mjs';
import { createFailureCollector } from './tap-failures.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || 5432) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const files = [];
for (const pkg of readdirSync(join(root, 'packages'))) {
  const testDir = join(root, 'packages', pkg, 'dist', 'test');
  try {
    statSync(testDir);
  } catch {
    continue;
  }
  files.push(...findTests(testDir));
}
// The benchmark workspace is one package, with its tests in bench/dist/test.
try {
  files.push(...findTests(join(root, 'bench', 'dist', 'test')));
} catch {
  // not built, or no tests
}
for (const extra of ['examples']) {
  try {
    for (const sub of readdirSync(join(root, extra))) {
      const testDir = join(root, extra, sub, 'dist', 'test');
      try {
        statSync(testDir);
        files.push(...findTests(testDir));
      } catch {
        // not built, or no tests
      }
    }
  } catch {
    // no such folder
  }
}
// A compiled test whose source was deleted or moved would otherwise keep running from dist/.
const hasSource = (file) =>
  existsSync(file.replace(/\/dist\/test\//, '/test/').replace(/\.test\.js$/, '.test.ts'));
const selected = files
  .filter(hasSource)
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (selected.length === 0) {
  console.error('No test files found. Run `tsc -b` first (npm test does this for you).');
  process.exit(1);
}

const explicit = process.env.GATEHOUSE_TEST_POSTGRES_URL;
const candidate = explicit || 'postgres://postgres@127.0.0.1:5432/postgres';
const env = { ...process.env };
if (await reachable(candidate)) {
  env.GATEHOUSE_TEST_POSTGRES_URL = candidate;
  console.log(`PostgreSQL suite: enabled against ${new URL(candidate).host}`);
} else if (process.env.CI === 'true' || explicit) {
  console.error(`PostgreSQL suite: cannot reach ${new URL(candidate).host}, and CI requires it.`);
  process.exit(1);
} else {
  delete env.GATEHOUSE_TEST_POSTGRES_URL;
  console.log(
    'PostgreSQL suite: SKIPPED (no server at 127.0.0.1:5432).\n' +
      '  To run it, start PostgreSQL and set GATEHOUSE_TEST_POSTGRES_URL=postgres://USER@HOST:PORT/DB\n' +
      '  (a role that may CREATE DATABASE; each test run makes and drops its own databases).',
  );
}

console.log(`Running ${selected.length} test files`);
const child = spawn(process.execPath, [...nodeTestFlags, ...selected.map((f) => relative(root, f))], {
  cwd: root,
  env,
  stdio: ['inherit', 'pipe', 'inherit'],
});
// The output passes through unchanged; the failures are repeated after the totals.
const failures = createFailureCollector();
// A reader that stops early (`npm test | head`) must not turn the run into a crash.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
});
const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
lines.on('line', (line) => {
  process.stdout.write(line + '\n');
  failures.push(line);
});
const [[code, signal]] = await Promise.all([once(child, 'close'), once(lines, 'close')]);
process.stdout.write(failures.summary());
process.exitCode = code ?? (signal ? 1 : 0);
