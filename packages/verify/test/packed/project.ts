import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from packages/verify/dist/test/packed. */
export const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

/** The packages whose tarballs are published, in dependency order. */
export const PUBLISHED = ['jws', 'verify', 'client'] as const;

/**
 * Packages a user of the SDKs brings along, linked from the monorepo's node_modules into the
 * throwaway projects after `npm install`, so the install stays offline.
 */
const BROUGHT_ALONG = [
  'typescript',
  '@types/node',
  'express',
  '@types/express',
  'fastify',
  '@types/aws-lambda',
];

/** What every project has: the compiler and Node's types. */
export const TOOLS_ONLY = ['typescript', '@types/node'];

export interface RunResult {
  stdout: string;
  stderr: string;
}

/**
 * The environment for child npm and node processes: without the npm_* variables `npm test`
 * sets, which would point npm back at the repository (npm_config_local_prefix) or its workspaces.
 */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) env[key] = value;
  }
  return { ...env, NO_UPDATE_NOTIFIER: '1', ...extra };
}

/** Runs a command, rejecting with its output when it fails. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: childEnv(options.env), maxBuffer: 16 * 1024 * 1024, timeout: 180_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${command} ${args.join(' ')} failed in ${options.cwd}:\n${stdout}\n${stderr}`));
        } else resolve({ stdout, stderr });
      },
    );
  });
}

export interface PackedFile {
  path: string;
}

export interface Tarball {
  name: string;
  filename: string;
  /** Absolute path of the .tgz. */
  path: string;
  files: PackedFile[];
}

/**
 * Compiled files in dist/src or dist/cjs whose source is gone (tsc -b never deletes outputs,
 * e.g. after switching branches), as paths relative to the package.
 */
function staleOutputs(packageDir: string): string[] {
  const stale: string[] = [];
  for (const build of ['dist/src', 'dist/cjs']) {
    const dir = join(packageDir, build);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const base = /^(.*?)(\.d)?\.(js|ts)(\.map)?$/.exec(name)?.[1];
      if (base !== undefined && !existsSync(join(packageDir, 'src', `${base}.ts`)))
        stale.push(`${build}/${name}`);
    }
  }
  return stale;
}

/** `npm pack` of the published packages into `dest`, as a release would make them. */
export async function packAll(dest: string): Promise<Tarball[]> {
  for (const name of PUBLISHED) {
    if (!existsSync(join(repoRoot, 'packages', name, 'dist', 'cjs', 'package.json'))) {
      throw new Error(`packages/${name}/dist/cjs is not built: run \`npm run build\` first.`);
    }
  }
  for (const name of PUBLISHED) {
    const stale = staleOutputs(join(repoRoot, 'packages', name));
    if (stale.length > 0) {
      throw new Error(
        `packages/${name}/dist holds output of sources that are gone (${stale.slice(0, 4).join(', ')}${stale.length > 4 ? `, and ${stale.length - 4} more` : ''}), which ` +
          `would be packed: delete packages/${name}/dist and run \`npm run build\`.`,
      );
    }
  }
  // --ignore-scripts: the root's `prepare` (a full build) must not run once per package.
  const { stdout } = await run(
    'npm',
    [
      'pack',
      '--ignore-scripts',
      '--json',
      '--pack-destination',
      dest,
      ...PUBLISHED.flatMap((name) => ['--workspace', `packages/${name}`]),
    ],
    { cwd: repoRoot },
  );
  const packed = JSON.parse(stdout) as { name: string; filename: string; files: PackedFile[] }[];
  return packed.map((entry) => ({ ...entry, path: join(dest, entry.filename) }));
}

/** A temporary directory outside the repository, removed by `remove()`. */
export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * A fresh project in `dir` with the tarballs installed by a real, offline `npm install`, and the
 * third-party packages a user would have (TypeScript, Express, …) linked in afterwards.
 */
export async function installProject(
  dir: string,
  packageJson: Record<string, unknown>,
  tarballs: Tarball[],
  bringAlong: readonly string[] = BROUGHT_ALONG,
): Promise<void> {
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, ...packageJson }, null, 2)}\n`);
  await run(
    'npm',
    [
      'install',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--no-package-lock',
      ...tarballs.map((t) => t.path),
    ],
    { cwd: dir },
  );
  for (const name of bringAlong) {
    const target = join(repoRoot, 'node_modules', name);
    if (!existsSync(target)) throw new Error(`${name} is not installed in the repository`);
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
}

/** Compiles a project with its own tsconfig.json, using the TypeScript linked into it. */
export function compile(dir: string, extraArgs: string[] = []): Promise<RunResult> {
  const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
  return run(process.execPath, [tsc, '-p', dir, ...extraArgs], {
    cwd: dir,
  });
}
