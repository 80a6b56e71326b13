import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import type { ConfigApplied, ValidationIssue } from '@gatehouse/schemas';
import { effectiveIssuer } from '../config.js';
import type { ParsedConfig } from '../services/config-code/parse.js';
import type { LocatedIssue } from '../services/config-code/parse.js';
import { ServiceError, ValidationError } from '../services/errors.js';
import { command, type OptionSpec } from './command.js';
import { appliedLine, printPlan } from './config-code-views.js';
import { UsageError } from './errors.js';
import type { Invocation } from './invocation.js';

const FILE: OptionSpec = {
  type: 'string',
  short: 'f',
  required: true,
  value: 'FILE',
  description: 'the config file (YAML or JSON)',
};
const PRUNE: OptionSpec = {
  type: 'boolean',
  description: 'delete what exists but the file leaves out (default: keep it)',
};
const TEAM: OptionSpec = {
  type: 'string',
  value: 'TEAM',
  description:
    "limit the run to one team: entries without a team belong to it, other teams' entities are untouched",
};

function readConfig(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `-f: cannot read "${file}" (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
}

/** Refusals about the file say where in it: `gatehouse.yaml:12: clients.0.scopes.1: …`. */
function located(error: unknown, file: string, parsed: ParsedConfig | undefined): unknown {
  const at = (line: number | undefined) => (line === undefined ? file : `${file}:${line}`);
  if (error instanceof ValidationError) {
    return new ValidationError(
      error.issues.map((issue: LocatedIssue) => ({
        ...issue,
        path: [at(issue.line ?? parsed?.lineOf(issue.path)), issue.path].filter(Boolean).join(': '),
      })) as ValidationIssue[],
    );
  }
  const path = (error as { path?: unknown }).path;
  if (error instanceof ServiceError && typeof path === 'string' && parsed) {
    const Kind = error.constructor as new (message: string) => ServiceError;
    return new Kind(`${at(parsed.lineOf(path))}: ${error.message}`);
  }
  return error;
}

async function withFile<T>(inv: Invocation, fn: (parsed: ParsedConfig) => Promise<T>): Promise<T> {
  const file = inv.required('file');
  const text = readConfig(file);
  const { parseConfigText } = await import('../services/config-code/parse.js');
  let parsed: ParsedConfig | undefined;
  try {
    parsed = parseConfigText(text);
    return await fn(parsed);
  } catch (error) {
    throw located(error, file, parsed);
  }
}

/** Opened before anything is applied, so an existing file refuses the run rather than losing secrets. */
function openSecretsFile(path: string): number {
  try {
    return openSync(path, 'wx', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'EEXIST'
        ? `--secrets-out: "${path}" already exists; secrets are never written over a file (move it away or name a new one)`
        : `--secrets-out: cannot create "${path}" (${code ?? 'unwritable'})`,
    );
  }
}

export const exportCommand = command({
  name: 'export',
  summary:
    'Write resource servers, roles and clients, with their static claims, as a config file (YAML, no secrets)',
  description:
    'Prints the registry as gatehouse.yaml on stdout: resource servers and their scopes, clients and\n' +
    'their scopes. Client secrets are never part of it. Sorted, so two exports diff cleanly.',
  options: { team: { ...TEAM, description: "only this team's resource servers, roles and clients" } },
  examples: ['gatehouse export > gatehouse.yaml', 'gatehouse export --team payments > payments.yaml'],
  async run(inv) {
    const { configYaml, CONFIG_SCHEMA_PATH } = await import('../services/config-code/export.js');
    const text = await inv.withGatehouse(async (g, config) =>
      configYaml(
        await g.configCode.export(inv.actor, { team: inv.string('team') }),
        effectiveIssuer(config) + CONFIG_SCHEMA_PATH,
      ),
    );
    inv.out.io.stdout(text);
  },
});

export const planCommand = command({
  name: 'plan',
  summary: 'Show what apply would create, change and delete',
  description:
    'Compares the file with the store: resource servers match by identifier, roles and clients by name within\n' +
    'their team. Nothing is written. Deletions are listed only with --prune.',
  options: { file: FILE, prune: PRUNE, team: TEAM },
  examples: ['gatehouse plan -f gatehouse.yaml', 'gatehouse plan -f gatehouse.yaml --prune --json'],
  async run(inv) {
    const plan = await withFile(inv, (parsed) =>
      inv.withGatehouse((g) =>
        g.configCode.plan(inv.actor, parsed.file, { prune: inv.flag('prune'), team: inv.string('team') }),
      ),
    );
    inv.out.result('configPlan', plan, () => printPlan(inv.out, plan));
  },
});

export const applyCommand = command({
  name: 'apply',
  summary: 'Make the store match the file, in one transaction',
  description:
    'Applies the plan all at once: every change, or none with an error naming the entry. New\n' +
    "clients' secrets are printed once; with --secrets-out they go to a new file (mode 0600) instead.",
  options: {
    file: FILE,
    prune: PRUNE,
    team: TEAM,
    'secrets-out': {
      type: 'string',
      value: 'FILE',
      description: "write new clients' secrets to this new file (mode 0600), not stdout",
    },
  },
  examples: [
    'gatehouse apply -f gatehouse.yaml',
    'gatehouse apply -f gatehouse.yaml --prune --secrets-out secrets.json',
  ],
  async run(inv) {
    const secretsOut = inv.string('secrets-out');
    const fd = secretsOut === undefined ? undefined : openSecretsFile(secretsOut);
    let applied: ConfigApplied;
    try {
      applied = await withFile(inv, (parsed) =>
        inv.withGatehouse((g) =>
          g.configCode.apply(inv.actor, parsed.file, { prune: inv.flag('prune'), team: inv.string('team') }),
        ),
      );
    } catch (error) {
      if (fd !== undefined && secretsOut !== undefined) {
        closeSync(fd);
        unlinkSync(secretsOut);
      }
      throw error;
    }
    if (fd !== undefined) {
      writeSync(fd, `${JSON.stringify({ secrets: applied.secrets }, null, 2)}\n`);
      closeSync(fd);
    }
    const shown = fd === undefined ? applied.secrets : [];
    inv.out.result('configApplied', { ...applied, secrets: shown, secretsFile: secretsOut ?? null }, () => {
      printPlan(inv.out, { changes: applied.changes, kept: applied.kept }, appliedLine);
      if (secretsOut !== undefined && applied.secrets.length > 0) {
        inv.out.line(
          `The secrets of ${applied.secrets.length} new client(s) are in ${secretsOut} (mode 0600).`,
        );
      }
      if (shown.length === 0) return;
      inv.out.line();
      inv.out.line('New client secrets, shown only this once (Gatehouse keeps only their hashes):');
      for (const s of shown)
        inv.out.line(
          `  ${s.name}${s.team ? ` (team ${s.team})` : ''}: client_id ${s.clientId}, client_secret ${s.secret}`,
        );
    });
  },
});
