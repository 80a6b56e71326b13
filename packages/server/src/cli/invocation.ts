import { type Config, ConfigError, type ConfigFlags, loadConfig } from '../config.js';
import type { Gatehouse } from '../services/gatehouse.js';
import type { StoreMode } from '../store/open.js';
import { type Actor, CLI_ACTOR } from '../services/actor.js';
import { CliFailure, UsageError } from './errors.js';
import { type Output, terminalLogger } from './output.js';

export type OptionValue = string | boolean | (string | boolean)[] | undefined;

/** One parsed run of a command: typed access to its flags and arguments, and to the store. */
export class Invocation {
  constructor(
    readonly out: Output,
    private readonly values: Readonly<Record<string, OptionValue>>,
    /** Positional arguments by their help name; a variadic one holds a list. */
    private readonly positionals: Readonly<Record<string, string | string[]>>,
  ) {}

  /**
   * Who every command acts as: the operator at the server, who already holds the store and
   * the master key. Services take their actor explicitly, so each command passes this one.
   */
  readonly actor: Actor = CLI_ACTOR;

  get json(): boolean {
    return this.out.json;
  }

  get env(): NodeJS.ProcessEnv {
    return this.out.io.env;
  }

  string(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  /** A flag the command declares as required; the dispatcher has already checked it is there. */
  required(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw new UsageError(`missing required flag --${name}`);
    return value;
  }

  strings(name: string): string[] {
    const value = this.values[name];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
    return typeof value === 'string' ? [value] : [];
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  /** A whole number of seconds (or other unit); anything else is a usage error naming the flag. */
  integer(name: string, unit = 'seconds'): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!/^\d{1,15}$/.test(raw.trim())) {
      throw new UsageError(`--${name} must be a whole number of ${unit}, got "${raw}"`);
    }
    return Number(raw.trim());
  }

  choice<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const match = choices.find((c) => c === raw);
    if (match === undefined) {
      throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${raw}"`);
    }
    return match;
  }

  arg(name: string): string {
    const value = this.positionals[name];
    if (typeof value !== 'string') throw new UsageError(`missing argument ${name}`);
    return value;
  }

  args(name: string): string[] {
    const value = this.positionals[name];
    return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  }

  /** The configuration from the global flags (and `extra`, e.g. serve's --port), then the environment. */
  config(extra: ConfigFlags = {}): Config {
    return loadConfig(
      { data: this.string('data'), 'database-url': this.string('database-url'), ...extra },
      this.env,
    );
  }

  /**
   * Opens the store, runs `fn`, and closes the store whatever happens. The service layer
   * (and the database drivers) load only here, so help and usage errors answer at once. Only
   * `init` makes a store (`store: 'new'`): every other command refuses to, so that a mistyped
   * `--data` says so instead of starting afresh.
   */
  async withGatehouse<T>(
    fn: (gatehouse: Gatehouse, config: Config) => Promise<T>,
    store: StoreMode = 'existing',
  ): Promise<T> {
    const config = this.config();
    const { openGatehouse } = await import('../services/gatehouse.js');
    let gatehouse: Gatehouse;
    try {
      gatehouse = await openGatehouse(config, {
        logger: terminalLogger(config.logLevel, this.out.io),
        store,
      });
    } catch (error) {
      throw await startError(error, config);
    }
    try {
      return await fn(gatehouse, config);
    } finally {
      await gatehouse.close();
    }
  }
}

/**
 * Why a store could not be opened, for people: a bad setting passes through; a wrong master
 * key or an unreachable store becomes a CliFailure that names the store (never its URL).
 */
export async function startError(error: unknown, config: Config): Promise<unknown> {
  if (error instanceof ConfigError || !(error instanceof Error)) return error;
  const [
    { MasterKeyError },
    { MasterKeyMismatchError },
    { describeStore },
    { StoreMissingError, StoreExistsError },
  ] = await Promise.all([
    import('../crypto/master-key.js'),
    import('../services/keys.js'),
    import('../services/gatehouse.js'),
    import('../store/open.js'),
  ]);
  if (error instanceof StoreMissingError) {
    return new CliFailure(
      'store_missing',
      `${error.message}, and nothing was created there. Check --data, GATEHOUSE_DATA_DIR or GATEHOUSE_DATABASE_URL; ` +
        'to make a new store there, run `gatehouse init` with the same settings (or `gatehouse serve`, which creates one on first start)',
      { cause: error },
    );
  }
  if (error instanceof StoreExistsError) {
    return new CliFailure('store_exists', `${error.message}; init changed nothing`, { cause: error });
  }
  if (error instanceof MasterKeyError || error instanceof MasterKeyMismatchError) {
    return new CliFailure('master_key_error', error.message, { cause: error });
  }
  let where: string;
  try {
    where = describeStore(config);
  } catch {
    where = 'PostgreSQL';
  }
  const code = (error as NodeJS.ErrnoException).code;
  const detail = code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  return new CliFailure('store_unavailable', `cannot open the store (${where}): ${detail}`, { cause: error });
}
