import { customIssue, type ValidationIssue } from '@gatehouse/schemas';
import { ValidationError } from '../errors.js';
import type { ResolvedPermission } from '../permission-authority.js';
import { resolveQualifiedScope } from '../qualified-scope.js';
import type { PlanContext } from './model.js';

/**
 * Resolves qualified scopes against the registry as the file will leave it (a scope of an API
 * the same file creates resolves), naming every one that does not. Nothing is read or written:
 * callers then check their authority over each, and apply resolves again in its transaction.
 */
export function resolveDesiredScopes(
  ctx: PlanContext,
  scopes: readonly string[],
  path: (index: number) => string,
): ResolvedPermission[] {
  const issues: ValidationIssue[] = [];
  const out: ResolvedPermission[] = [];
  scopes.forEach((qualified, index) => {
    const resolved = resolveQualifiedScope(qualified, (identifier) => ctx.desiredScopes.get(identifier));
    if (!resolved) {
      issues.push(
        customIssue(path(index), `no resource server matches "${qualified}" (expected <identifier>/<scope>)`),
      );
    } else if (!resolved.resource.scopes.has(resolved.scope)) {
      issues.push(
        customIssue(path(index), `resource server "${resolved.identifier}" has no scope "${resolved.scope}"`),
      );
    } else {
      out.push({
        // An API the file creates has no id yet: nobody can hold its scopes already.
        resourceServerId: resolved.resource.id ?? `(new) ${resolved.identifier}`,
        identifier: resolved.identifier,
        teamId: resolved.resource.teamId,
        scope: resolved.scope,
      });
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return out;
}

/** The index of `value` in the file's list, for error paths after the list was sorted and deduplicated. */
export const indexIn =
  (listed: readonly string[] | undefined, values: readonly string[], path: string) => (i: number) =>
    `${path}.${(listed ?? []).indexOf(values[i] ?? '')}`;
