import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliOutput } from '@gatehouse/schemas';
import { run } from '../../src/cli/dispatch.js';
import { program } from '../../src/cli/program.js';
import type { TestBackend } from '../support/backends.js';
import { basicAuth, postForm } from '../support/server.js';

/** The real command, as users run it: the bin shim, which loads the built CLI. */
export const CLI = fileURLToPath(new URL('../../../bin/gatehouse.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as the one JSON document `--json` promises. */
  json<T = unknown>(): T;
}

/** The parent's environment without any GATEHOUSE_* setting, so only what a test passes applies. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('GATEHOUSE_') && !key.startsWith('npm_')) env[key] = value;
  }
  return { ...env, ...extra };
}

export function spawnCli(args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `gatehouse …args` to completion. */
export function runCli(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    // Generous: on a loaded two-core CI machine a CLI start can stall for seconds; a real hang
    // still fails the test, with whatever the command printed.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(result(args, code, stdout, stderr));
    });
  });
}

function result(args: readonly string[], code: number | null, stdout: string, stderr: string): CliResult {
  return {
    code,
    stdout,
    stderr,
    json<T>() {
      try {
        return JSON.parse(stdout) as T;
      } catch {
        throw new Error(`gatehouse ${args.join(' ')}: stdout is not JSON:\n${stdout}\nstderr:\n${stderr}`);
      }
    },
  };
}

/**
 * The same command line through the CLI's dispatcher in this process: for the many
 * command-line mistakes, which need no store, without paying for a process each.
 */
export async function runInProcess(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(program, args, {
    env: cleanEnv(env),
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return result(args, code, stdout, stderr);
}

const initialised = new WeakMap<TestBackend, Promise<void>>();

/**
 * Makes the backend's store with `gatehouse init` (the dispatcher, in this process) unless a
 * store is there already: commands other than `serve` and `init` refuse to create one.
 */
export function initStore(backend: TestBackend): Promise<void> {
  let pending = initialised.get(backend);
  if (pending === undefined) {
    pending = (async () => {
      const { storeExists } = await import('../../src/store/open.js');
      if (await storeExists(backend)) return;
      await ok(runInProcess(['init', '--json'], backend.env()));
    })();
    initialised.set(backend, pending);
  }
  return pending;
}

/** A CLI bound to one backend's store, which it creates with `gatehouse init` on first use. */
export function cliFor(backend: TestBackend, extraEnv: Record<string, string> = {}) {
  return async (...args: string[]) => {
    await initStore(backend);
    return runCli(args, { ...backend.env(), ...extraEnv });
  };
}

/** Registers the `orders` API (scope `read`) and a client holding `orders/read`, through the CLI. */
export async function registerOrders(gatehouse: ReturnType<typeof cliFor>): Promise<CreatedClientJson> {
  await ok(
    gatehouse(
      'resource-servers',
      'create',
      '--identifier',
      'orders',
      '--name',
      'Orders',
      '--scope',
      'read',
      '--json',
    ),
  );
  return ok<CreatedClientJson>(
    gatehouse('clients', 'create', '--name', 'svc', '--scope', 'orders/read', '--json'),
  );
}

/** Runs the command and insists it succeeded; returns its parsed `--json` answer. */
export async function ok<T>(pending: Promise<CliResult>): Promise<T> {
  const done = await pending;
  assert.equal(
    done.code,
    0,
    `expected success, got ${done.code}\nstdout: ${done.stdout}\nstderr: ${done.stderr}`,
  );
  return done.json<T>();
}

/** User errors never show a stack trace. */
export function assertNoStack(result: CliResult): void {
  assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+/, `stack trace in stderr:\n${result.stderr}`);
  assert.doesNotMatch(result.stdout, /\n\s+at .+:\d+:\d+/, `stack trace in stdout:\n${result.stdout}`);
}

/** Asks the token endpoint for a token with client_secret_basic; returns status and body. */
export async function requestToken(
  serverUrl: string,
  clientId: string,
  secret: string,
  scope: string,
): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const { status, body } = await postForm(
    `${serverUrl}/oauth2/token`,
    { grant_type: 'client_credentials', scope },
    basicAuth(clientId, secret),
  );
  return { status, body };
}

/** What `clients create --json` answers. */
export type CreatedClientJson = CliOutput<'clientCreated'>;

export { within } from '../support/within.js';
