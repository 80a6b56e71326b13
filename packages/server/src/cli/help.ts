import { settingsTable } from '../config-settings.js';
import { commandName } from './args.js';
import {
  type Command,
  GLOBAL_OPTIONS,
  type Group,
  type Node,
  type OptionSpec,
  visibleChildren,
} from './command.js';
import { formatTable } from './output.js';

const indent = (lines: readonly string[], by = '  ') => lines.map((line) => (line ? by + line : line));

function flagLabel(name: string, spec: OptionSpec): string {
  const long = `--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
  return spec.short ? `-${spec.short}, ${long}` : `    ${long}`;
}

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const rows = Object.entries(options).map(([name, spec]) => {
    const notes = [spec.required ? 'required' : '', spec.multiple ? 'repeatable' : ''].filter(Boolean);
    return [flagLabel(name, spec), spec.description + (notes.length ? ` (${notes.join(', ')})` : '')];
  });
  return indent(formatTable(['', ''], rows).slice(1));
}

/** `NAME` for a required flag with a value, `[--flag VALUE]` for an optional one. */
function usageLine(path: readonly Node[], cmd: Command): string {
  const parts = [commandName(path)];
  for (const arg of cmd.args ?? []) {
    const word = arg.variadic ? `${arg.name}...` : arg.name;
    parts.push(arg.optional ? `[${word}]` : word);
  }
  for (const [name, spec] of Object.entries(cmd.options ?? {})) {
    if (!spec.required) continue;
    parts.push(
      `--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}${spec.multiple ? '...' : ''}`,
    );
  }
  if (Object.values(cmd.options ?? {}).some((spec) => !spec.required)) parts.push('[flags]');
  return parts.join(' ');
}

/** Every command under a group, nested ones by their full words: `secrets add`. */
function commandRows(group: Group, prefix = ''): string[][] {
  return visibleChildren(group).flatMap((child) =>
    child.kind === 'group'
      ? commandRows(child, `${prefix}${child.name} `)
      : [[`${prefix}${child.name}`, child.summary]],
  );
}

function examples(list: readonly string[] | undefined): string[] {
  return list && list.length > 0 ? ['', 'Examples:', ...indent(list)] : [];
}

export function commandHelp(path: readonly Node[], cmd: Command): string {
  const args = cmd.args ?? [];
  const lines = [`Usage: ${usageLine(path, cmd)}`, '', cmd.summary];
  if (cmd.description) lines.push('', ...cmd.description.split('\n'));
  if (args.length > 0) {
    lines.push(
      '',
      'Arguments:',
      ...indent(
        formatTable(
          ['', ''],
          args.map((a) => [a.name, a.description]),
        ).slice(1),
      ),
    );
  }
  if (cmd.options && Object.keys(cmd.options).length > 0)
    lines.push('', 'Flags:', ...optionLines(cmd.options));
  lines.push('', 'Global flags:', ...optionLines(GLOBAL_OPTIONS));
  lines.push(...examples(cmd.examples));
  return `${lines.join('\n')}\n`;
}

export function groupHelp(path: readonly Node[], group: Group): string {
  const name = commandName(path);
  const lines = [`Usage: ${name} <command> [flags]`, '', group.summary];
  if (group.description) lines.push('', ...group.description.split('\n'));
  lines.push('', 'Commands:', ...indent(formatTable(['', ''], commandRows(group)).slice(1)));
  lines.push('', 'Global flags:', ...optionLines(GLOBAL_OPTIONS));
  lines.push(...examples(group.examples));
  lines.push('', `Run ${name} <command> --help for the flags of each command.`);
  return `${lines.join('\n')}\n`;
}

export function rootHelp(root: Group, version: string): string {
  const lines = [
    `Gatehouse ${version}: a self-hosted OAuth 2.0 authorization server for service-to-service calls.`,
    '',
    'Usage: gatehouse <command> [flags]',
    '',
    'Commands:',
    ...indent(
      formatTable(
        ['', ''],
        visibleChildren(root).map((c) => [c.name, c.summary]),
      ).slice(1),
    ),
    '',
    'Global flags:',
    ...optionLines({ ...GLOBAL_OPTIONS, version: { type: 'boolean', description: 'print the version' } }),
    '',
    'Settings (a flag wins over its environment variable):',
    ...indent(formatTable(['FLAG', 'ENVIRONMENT', 'DEFAULT', 'MEANING'], settingsTable())),
    '',
    'Quick start:',
    ...indent([
      'gatehouse serve',
      'gatehouse resource-servers create --identifier lj-health-food --name "LJ Health Food" \\',
      '    --scope place-order --scope list-orders',
      'gatehouse clients create --name checkout --scope lj-health-food/place-order',
    ]),
    '',
    'Run gatehouse <command> --help for more, e.g. gatehouse clients create --help.',
  ];
  return `${lines.join('\n')}\n`;
}
