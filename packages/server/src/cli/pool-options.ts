import type { ArgSpec, OptionSpec } from './command.js';
import { UsageError } from './errors.js';
import type { Invocation } from './invocation.js';

/** Flags and arguments the `user-pools` commands share, so their help reads the same everywhere. */

export const POOL_OPTION: OptionSpec = {
  type: 'string',
  required: true,
  value: 'POOL',
  description: 'the user pool id, e.g. local_AbC123xyz',
};

export const POOL_ARG: ArgSpec = {
  name: 'POOL',
  optional: true,
  description: 'the user pool id, e.g. local_AbC123xyz; or give --pool',
};

/** `show POOL` reads best, but `show --pool POOL` matches every other pool command; both work. */
export const POOL_ALT_OPTION: OptionSpec = {
  type: 'string',
  value: 'POOL',
  description: 'the user pool, when not given as the argument',
};

export const USERNAME_ARG: ArgSpec = {
  name: 'USERNAME',
  optional: true,
  description: 'the username (any case) or sub of the user; or give --username',
};

export const USERNAME_OPTION: OptionSpec = {
  type: 'string',
  value: 'NAME',
  description: 'the user, when not given as the argument',
};

/**
 * A value that may come as the argument or as its flag (`confirm kim` or `confirm --username
 * kim`): scripts written either way work, and giving two different ones is a mistake.
 */
export function argOrFlag(inv: Invocation, arg: string, flag: string): string {
  const positional = inv.args(arg)[0];
  const flagged = inv.string(flag);
  if (positional !== undefined && flagged !== undefined && positional !== flagged) {
    throw new UsageError(`${arg} "${positional}" and --${flag} "${flagged}" name different values; give one`);
  }
  const value = positional ?? flagged;
  if (value === undefined) throw new UsageError(`missing argument ${arg} (or --${flag})`);
  return value;
}

export const userRef = (inv: Invocation): string => argOrFlag(inv, 'USERNAME', 'username');
export const poolRef = (inv: Invocation): string => argOrFlag(inv, 'POOL', 'pool');

export const PASSWORD_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  password: {
    type: 'string',
    value: 'PASSWORD',
    description:
      'the password; visible in process lists, so prefer GATEHOUSE_NEW_PASSWORD or --password-stdin',
  },
  'password-stdin': { type: 'boolean', description: 'read the password from the first line of stdin' },
};

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trimEnd();
}

/**
 * The password from `--password`, `--password-stdin` or GATEHOUSE_NEW_PASSWORD (as `users
 * create` reads it), in that order of precedence; undefined when none was given. Never printed.
 */
export async function passwordFrom(inv: Invocation): Promise<string | undefined> {
  const flag = inv.string('password');
  if (flag !== undefined && inv.flag('password-stdin')) {
    throw new UsageError('give --password or --password-stdin, not both');
  }
  if (flag !== undefined) return flag;
  if (inv.flag('password-stdin')) {
    const line = await readStdinLine();
    if (line === '') throw new UsageError('--password-stdin: stdin held no password');
    return line;
  }
  const env = inv.env.GATEHOUSE_NEW_PASSWORD;
  return env === undefined || env === '' ? undefined : env;
}

/** A seconds flag for a lifetime; the schema checks the range and names it. */
export function ttlOption(what: string, defaults: string): OptionSpec {
  return { type: 'string', value: 'SECONDS', description: `${what} (default ${defaults})` };
}
