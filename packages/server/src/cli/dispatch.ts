import { formatIssue, suggest } from '@gatehouse/schemas';
import { commandName, type ParsedCommand, parseCommand, resolve } from './args.js';
import { type Command, type Group, type Node, visibleChildren } from './command.js';
import { EXIT_OK, type IssueRewriter, reportError, UsageError } from './errors.js';
import { commandHelp, groupHelp, rootHelp } from './help.js';
import { Invocation } from './invocation.js';
import { type Io, Output } from './output.js';

export interface Program {
  root: Group;
  version: string;
}

/** Runs one command line to completion and returns the exit code; never throws. */
export async function run(program: Program, argv: readonly string[], io: Io): Promise<number> {
  const resolved = resolve(program.root, argv);
  const { path } = resolved;
  const node = path.at(-1) as Node;
  // Known before parsing, so even a usage error can answer in JSON.
  const json = resolved.rest.slice(0, endOfFlags(resolved.rest)).includes('--json');
  const out = new Output(io, json);
  const name = commandName(path);
  const debug = io.env.GATEHOUSE_DEBUG === '1';

  if (resolved.unknown !== undefined && node.kind === 'group') {
    const guess = suggest(
      resolved.unknown,
      visibleChildren(node).map((c) => c.name),
    );
    const error = new UsageError(
      `unknown command "${resolved.unknown}" for ${name}${guess ? ` (did you mean "${guess}"?)` : ''}`,
    );
    return reportError(error, { out, command: name, debug });
  }
  if (resolved.version && path.length === 1) {
    out.result('version', { version: program.version }, () => out.line(`gatehouse ${program.version}`));
    return EXIT_OK;
  }
  if (node.kind === 'group') {
    if (resolved.help || (path.length === 1 && argv.length === 0)) {
      io.stdout(path.length === 1 ? rootHelp(program.root, program.version) : groupHelp(path, node));
      return EXIT_OK;
    }
    const names = visibleChildren(node)
      .map((c) => c.name)
      .join(', ');
    return reportError(new UsageError(`${name} needs a command: ${names}`), { out, command: name, debug });
  }
  if (resolved.help) {
    io.stdout(commandHelp(path, node));
    return EXIT_OK;
  }

  let parsed: ParsedCommand | undefined;
  try {
    parsed = parseCommand(node, resolved.rest);
    await node.run(new Invocation(out, parsed.values, parsed.positionals));
    return EXIT_OK;
  } catch (error) {
    const rewrite = parsed ? issueRewriter(node, parsed) : undefined;
    return reportError(error, { out, command: name, rewrite, debug });
  }
}

function endOfFlags(rest: readonly string[]): number {
  const end = rest.indexOf('--');
  return end === -1 ? rest.length : end;
}

/**
 * `scopes.1.name: may contain …` becomes `--scope "bad name": name may contain …`: the
 * flag the person typed, and which of its values was wrong.
 */
function issueRewriter(cmd: Command, parsed: ParsedCommand): IssueRewriter {
  return (issue) => {
    // The longest named prefix wins: `passwordPolicy.minLength` may have a flag of its own.
    const segments = issue.path.split('.');
    const fields = cmd.fields ?? {};
    let taken = segments.length;
    while (taken > 0 && !Object.hasOwn(fields, segments.slice(0, taken).join('.'))) taken--;
    const path = segments.slice(taken);
    const label =
      taken === 0 || !FIELD.test(issue.path) ? undefined : fields[segments.slice(0, taken).join('.')];
    if (label === undefined) return formatIssue(issue);
    const { message } = issue;
    let subject = label;
    if (path[0] !== undefined && /^\d+$/.test(path[0])) {
      const index = Number(path.shift());
      const source = label.startsWith('--') ? parsed.values[label.slice(2)] : parsed.positionals[label];
      const list = Array.isArray(source) ? source : [source];
      const value = list[index];
      if (typeof value === 'string' && !message.includes(value)) subject += ` "${clip(value)}"`;
      else if (typeof value !== 'string') subject += ` #${index + 1}`;
    }
    return `${subject}: ${path.length > 0 ? `${path.join('.')} ` : ''}${message}`;
  };
}

/** A path the CLI can name in its own words: an API field, then index or key segments. */
const FIELD = /^[A-Za-z]+(?:\.[^.:\s]+)*$/;

function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
