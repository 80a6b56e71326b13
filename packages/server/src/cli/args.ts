import { parseArgs } from 'node:util';
import { type Command, GLOBAL_OPTIONS, type Group, type Node, type OptionSpec } from './command.js';
import { UsageError } from './errors.js';
import type { OptionValue } from './invocation.js';
import { suggest } from '@gatehouse/schemas';

/** Global flags that take a value, so that `gatehouse --data DIR clients list` finds `clients`. */
const VALUE_FLAGS = new Set(
  Object.entries(GLOBAL_OPTIONS)
    .filter(([, spec]) => spec.type === 'string')
    .map(([name]) => `--${name}`),
);

export interface Resolved {
  /** The nodes from the root down to the one the words name. */
  path: Node[];
  /** The arguments left once the command words are taken out. */
  rest: string[];
  help: boolean;
  version: boolean;
  /** Set when a word names no command; reported after `--json` is known. */
  unknown?: string;
}

/** Follows the command words (`clients secrets add`) through the tree, wherever the flags sit. */
export function resolve(root: Group, argv: readonly string[]): Resolved {
  const path: Node[] = [root];
  const rest: string[] = [];
  let help = false;
  let version = false;
  let unknown: string | undefined;
  let ended = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    const node = path.at(-1) as Node;
    if (ended) {
      rest.push(token);
    } else if (token === '--') {
      ended = true;
      rest.push(token);
    } else if (token.startsWith('-') && token !== '-') {
      if (token === '-h' || token === '--help') help = true;
      if (token === '--version' && path.length === 1) version = true;
      else rest.push(token);
      if (VALUE_FLAGS.has(token) && i + 1 < argv.length) rest.push(argv[++i] ?? '');
    } else if (node.kind === 'group' && unknown === undefined) {
      const child = node.children.find((c) => c.name === token);
      if (child) path.push(child);
      else unknown = token;
    } else {
      rest.push(token);
    }
  }
  return { path, rest, help, version, ...(unknown !== undefined ? { unknown } : {}) };
}

export function commandName(path: readonly Node[]): string {
  return ['gatehouse', ...path.slice(1).map((n) => n.name)].join(' ');
}

export interface ParsedCommand {
  values: Record<string, OptionValue>;
  positionals: Record<string, string | string[]>;
}

/** Parses a command's flags strictly: unknown, repeated or valueless flags are usage errors. */
export function parseCommand(cmd: Command, rest: readonly string[]): ParsedCommand {
  const options: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS, ...cmd.options };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: Object.fromEntries(
        Object.entries(options).map(([name, spec]) => [
          name,
          { type: spec.type, multiple: spec.multiple ?? false, ...(spec.short ? { short: spec.short } : {}) },
        ]),
      ),
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    throw explainParseError(error, Object.keys(options));
  }

  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    if (spec && !spec.multiple && seen.has(token.name)) {
      throw new UsageError(`--${token.name} was given more than once`);
    }
    if (spec?.type === 'string' && token.value?.trim() === '') {
      throw new UsageError(`--${token.name} needs a value`);
    }
    seen.add(token.name);
  }
  for (const [name, spec] of Object.entries(cmd.options ?? {})) {
    if (spec.required && parsed.values[name] === undefined) {
      throw new UsageError(`missing required flag --${name}${spec.value ? ` ${spec.value}` : ''}`);
    }
  }
  return { values: parsed.values, positionals: assignPositionals(cmd, parsed.positionals) };
}

function assignPositionals(cmd: Command, given: readonly string[]): Record<string, string | string[]> {
  const specs = cmd.args ?? [];
  const out: Record<string, string | string[]> = {};
  let i = 0;
  for (const spec of specs) {
    if (spec.variadic) {
      const values = given.slice(i);
      if (values.length === 0 && !spec.optional) {
        throw new UsageError(`missing argument ${spec.name} (one or more)`);
      }
      out[spec.name] = [...values];
      i = given.length;
    } else {
      const value = given[i++];
      if (value !== undefined) out[spec.name] = value;
      else if (!spec.optional) throw new UsageError(`missing argument ${spec.name}`);
    }
  }
  const extra = given[i];
  if (extra !== undefined) {
    throw new UsageError(
      specs.length === 0
        ? `unexpected argument "${extra}": this command takes none`
        : `unexpected argument "${extra}" after ${specs.map((s) => s.name).join(' ')}`,
    );
  }
  return out;
}

function explainParseError(error: unknown, known: readonly string[]): unknown {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : '';
  const flag = /'(-{1,2}[^'\s<=]+)/.exec(message)?.[1] ?? 'a flag';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const guess = flag.startsWith('--') ? suggest(flag.slice(2), known) : undefined;
    // Ids in base64url (a session's, for one) may start with "-": say how to pass them.
    const hint = guess
      ? ` (did you mean --${guess}?)`
      : flag.startsWith('--')
        ? ''
        : ' (to pass a value that starts with "-", put it after --)';
    return new UsageError(`unknown flag ${flag}${hint}`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('does not take')) return new UsageError(`${flag} does not take a value`);
    return new UsageError(`${flag} needs a value (to pass a value starting with "-", write ${flag}=VALUE)`);
  }
  return error;
}
