import type { Parse } from './config-values.js';

/** A setting as help shows it: its flag (if any), its environment variable, its default and meaning. */
export interface SettingHelp {
  /** The flag that wins over the variable, with its own short wording for the command's flag list. */
  readonly flag?: { readonly name: `--${string}`; readonly help: string };
  readonly env: string;
  /** The default in words; `(none)` when unset means off or absent. */
  readonly shown: string;
  readonly help: string;
}

/** A setting config.ts reads: help plus what an unset value stands for and how to check a value. */
export interface Setting<T, Fallback extends string | undefined = string | undefined> extends SettingHelp {
  /** What an unset setting stands for, written as a person would set it. */
  readonly fallback: Fallback;
  readonly parse: Parse<T>;
  /** Most settings take an empty variable as unset; these take it as given, and so refuse it. */
  readonly emptyIsValue: boolean;
}

export const NONE = '(none)';

interface Extra {
  flag?: SettingHelp['flag'];
  shown?: string;
  emptyIsValue?: boolean;
}

export function setting<T, F extends string | undefined>(
  env: string,
  fallback: F,
  help: string,
  parse: Parse<T>,
  extra: Extra = {},
): Setting<T, F> {
  const { flag, shown = fallback ?? NONE, emptyIsValue = false } = extra;
  return { ...(flag ? { flag } : {}), env, shown, help, fallback, parse, emptyIsValue };
}

export const readBySso = (env: string, help: string, shown = NONE): SettingHelp => ({ env, shown, help });

export const flag = (name: `--${string}`, help: string) => ({ flag: { name, help } });
export const emptyIsValue = { emptyIsValue: true };
