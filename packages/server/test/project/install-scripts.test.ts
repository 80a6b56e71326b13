// npm runs a dependency's install script only when package.json's `allowScripts` approves it
// (npm 11.16 warns about the others, npm 12 skips them). Gatehouse's SQLite binding is built by
// one: left unapproved, `npm ci && npm start` would install without it and fail at start.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../../../../', import.meta.url);

interface LockEntry {
  version?: string;
  hasInstallScript?: boolean;
  link?: boolean;
}

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, root), 'utf8')) as T;
}

/** `node_modules/a/node_modules/@scope/b` → `@scope/b`. */
function packageName(path: string): string {
  return path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/** Installed dependencies (not the workspaces themselves) that run a script when installed. */
function withInstallScripts(): { name: string; version: string }[] {
  const lock = readJson<{ packages: Record<string, LockEntry> }>('package-lock.json');
  return Object.entries(lock.packages)
    .filter(
      ([path, entry]) => path.includes('node_modules/') && entry.hasInstallScript === true && !entry.link,
    )
    .map(([path, entry]) => ({ name: packageName(path), version: entry.version ?? '' }));
}

function allowScripts(): Record<string, boolean> {
  return readJson<{ allowScripts?: Record<string, boolean> }>('package.json').allowScripts ?? {};
}

/** An approval by name (`pkg`) or pinned to a version (`pkg@1.2.3`). */
function approved(allow: Record<string, boolean>, name: string, version: string): boolean {
  return allow[name] === true || allow[`${name}@${version}`] === true;
}

test('every dependency with an install script is approved in package.json allowScripts', () => {
  const allow = allowScripts();
  const scripted = withInstallScripts();
  assert.ok(
    scripted.some((p) => p.name === 'better-sqlite3'),
    'better-sqlite3 builds its binding at install',
  );
  const unapproved = scripted.filter((p) => !approved(allow, p.name, p.version));
  assert.deepEqual(
    unapproved.map((p) => `${p.name}@${p.version}`),
    [],
    'review the script, then `npm install-scripts approve <pkg>`',
  );
});

test('allowScripts approves nothing the lockfile does not install with a script', () => {
  const scripted = withInstallScripts();
  const stale = Object.entries(allowScripts())
    .filter(([, allowed]) => allowed)
    .map(([key]) => key)
    .filter((key) => !scripted.some((p) => key === p.name || key === `${p.name}@${p.version}`));
  assert.deepEqual(stale, [], 'an approval left behind would let a later version run its script unreviewed');
});
