import type { FieldIssue } from '../api/error';

/** Messages keyed by dot-joined field path: `name`, `scopes.1.name`. */
export type FieldErrors = Record<string, string>;

interface ParseResult {
  success: boolean;
  error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
}

/** Turns a schema's `safeParse` answer into field errors; the first message per field wins. */
export function issuesOf(result: ParseResult): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of result.error?.issues ?? []) {
    const path = issue.path.map(String).join('.');
    errors[path] ??= issue.message;
  }
  return errors;
}

/** The same for the server's 422 `issues`. */
export function serverIssues(issues: readonly FieldIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[issue.path] ??= issue.message;
  return errors;
}

/** The message for a field: its own, else the first one about something inside it. */
export function errorFor(errors: FieldErrors, key: string): string | undefined {
  if (errors[key] !== undefined) return errors[key];
  const prefix = `${key}.`;
  for (const [path, message] of Object.entries(errors)) if (path.startsWith(prefix)) return message;
  return undefined;
}

/** Two paths are related when one contains the other: touching `scopes.1.name` concerns `scopes`. */
export function related(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** A text box's number: undefined when empty, NaN when not a number (the caller reports it). */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}
