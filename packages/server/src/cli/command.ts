import { flagDescription, SETTINGS } from '../config-settings.js';
import type { Invocation } from './invocation.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** May be repeated; the values arrive as a list. */
  multiple?: boolean;
  required?: boolean;
  /** Placeholder shown in help, e.g. `NAME[=DESCRIPTION]`. */
  value?: string;
  description: string;
}

export interface ArgSpec {
  /** Placeholder shown in help and errors, e.g. `ID`. */
  name: string;
  /** Takes every remaining argument (at least one). Only the last argument may be variadic. */
  variadic?: boolean;
  /** May be left out (the command then takes the value from a flag). Only trailing arguments. */
  optional?: boolean;
  description: string;
}

/** A command that does something: `gatehouse clients create`. */
export interface Command {
  kind: 'command';
  name: string;
  summary: string;
  /** Longer help text, shown under the usage line. */
  description?: string;
  args?: readonly ArgSpec[];
  options?: Readonly<Record<string, OptionSpec>>;
  examples?: readonly string[];
  /**
   * Service issues name API fields (`tokenTtl`, `scopes.0`); this maps a field to the flag
   * that set it, so errors speak the command line's language.
   */
  fields?: Readonly<Record<string, string>>;
  /** An old name kept working for a release: it runs, but help and suggestions leave it out. */
  hidden?: boolean;
  run(invocation: Invocation): Promise<void>;
}

/** A set of commands under one word: `gatehouse clients …`. */
export interface Group {
  kind: 'group';
  name: string;
  summary: string;
  description?: string;
  children: readonly Node[];
  examples?: readonly string[];
  hidden?: boolean;
}

/** The children help and suggestions show: hidden aliases run but are not offered. */
export function visibleChildren(group: Group): readonly Node[] {
  return group.children.filter((c) => !c.hidden);
}

export type Node = Command | Group;

export function command(spec: Omit<Command, 'kind'>): Command {
  return { kind: 'command', ...spec };
}

export function group(spec: Omit<Group, 'kind'>): Group {
  return { kind: 'group', ...spec };
}

/** Flags every command accepts. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  data: {
    type: 'string',
    value: 'DIR',
    description: flagDescription(SETTINGS.dataDir),
  },
  'database-url': {
    type: 'string',
    value: 'URL',
    description: flagDescription(SETTINGS.databaseUrl),
  },
  json: { type: 'boolean', description: 'machine-readable output: one JSON document on stdout' },
  help: { type: 'boolean', short: 'h', description: 'show help for the command' },
};
