// Kept free of the service layer's imports, so that help and usage errors answer at once.
import { type CliOutput, formatIssue, type ValidationIssue } from '@gatehouse/schemas';
import { ConfigError } from '../config.js';
import { ServiceError, ValidationError } from '../services/errors.js';
import type { Output } from './output.js';

/** Exit codes: 0 done, 1 refused or failed, 2 the command line itself is wrong. */
export const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/** The command line is wrong: a flag, an argument or a command. Exit 2 with a pointer to the help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * A refusal that is not a service rule: the store cannot be reached (`store_unavailable`,
 * naming the store but never the connection string) or the master key is wrong
 * (`master_key_error`), or is not where the command looked (`store_missing`; `store_exists` for
 * `init`). Exit 1 with the message and no stack trace.
 */
export class CliFailure extends Error {
  override name = 'CliFailure';
  constructor(
    readonly code:
      'store_unavailable' | 'master_key_error' | 'store_missing' | 'store_exists' | 'workers_crashed',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A service refused with issues on the API's field names (`tokenTtl`); the CLI says them in
 * its own flag names (`--token-ttl: …`).
 */
export type IssueRewriter = (issue: ValidationIssue) => string;

export interface ErrorContext {
  out: Output;
  /** e.g. `gatehouse clients create`, for the `--help` hint. */
  command: string;
  rewrite?: IssueRewriter | undefined;
  debug: boolean;
}

/** Prints the error for people on stderr (and as JSON on stdout with `--json`); returns the exit code. */
export function reportError(error: unknown, ctx: ErrorContext): number {
  const { out } = ctx;
  const json = (value: CliOutput<'error'>) => {
    if (out.json) out.io.stdout(`${JSON.stringify(value)}\n`);
  };
  if (error instanceof UsageError) {
    out.note(`error: ${error.message}`);
    out.note(`hint: run ${ctx.command} --help`);
    json({ error: 'usage', message: error.message });
    return EXIT_USAGE;
  }
  if (error instanceof ValidationError) {
    const issues = error.issues.map(ctx.rewrite ?? formatIssue);
    for (const issue of issues) out.note(`error: ${issue}`);
    json({ error: error.code, message: issues.join('; '), issues });
    return EXIT_FAILED;
  }
  if (error instanceof ServiceError || error instanceof ConfigError || error instanceof CliFailure) {
    const code = error instanceof ConfigError ? 'config_error' : error.code;
    out.note(`error: ${error.message}`);
    json({ error: code, message: error.message });
    return EXIT_FAILED;
  }
  const message = error instanceof Error ? error.message : String(error);
  out.note(`error: unexpected failure: ${message}`);
  if (ctx.debug && error instanceof Error && error.stack) out.note(error.stack);
  else out.note('(set GATEHOUSE_DEBUG=1 to see the stack trace)');
  json({ error: 'internal_error', message });
  return EXIT_FAILED;
}
