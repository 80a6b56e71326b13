import type { z } from 'zod';

/**
 * One problem with an input, kept structured from the schema to the answer: the dotted field
 * path (`scopes.1.name`, or '' for the input as a whole), the message for people, and the
 * zod issue code (`custom` for rules a service checks itself).
 */
export interface ValidationIssue {
  path: string;
  message: string;
  code: string;
}

/** The issues of a failed parse, each path under `prefix` when the parsed value sits in a larger input. */
export function toIssues(error: z.ZodError, prefix = ''): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
    code: issue.code,
  }));
}

/** A hand-made issue, for the rules a service checks beyond the schema. */
export function customIssue(path: string, message: string): ValidationIssue {
  return { path, message, code: 'custom' };
}

/** One readable line for an issue: `scopes.1.name: duplicate scope "read"`. */
export function formatIssue(issue: Pick<ValidationIssue, 'path' | 'message'>): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

/** One readable line per problem, prefixed with the field path. */
export function formatIssues(error: z.ZodError): string[] {
  return toIssues(error).map(formatIssue);
}
