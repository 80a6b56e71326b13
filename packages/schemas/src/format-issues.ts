import type { z } from 'zod';

/** One readable line per problem, prefixed with the field path: `scopes.1.name: duplicate scope "read"`. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
