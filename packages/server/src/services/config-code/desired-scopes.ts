import { customIssue, type ValidationIssue } from '@gatehouse/schemas';
import type { Actor } from '../actor.js';
import { ValidationError } from '../errors.js';
import { requireMayPermit } from '../permission-authority.js';
import { resolveQualifiedScope } from '../qualified-scope.js';
import type { PlanContext } from './model.js';

/**
 * Checks a client's new scopes against the registry as the file will leave it (a scope of an
 * API the same file creates resolves), and that the actor may give each one: the same rule
 * as `clients permissions add`. Nothing is written; apply checks again in its transaction.
 */
export function checkDesiredScopes(
  ctx: PlanContext,
  actor: Actor,
  clientTeamId: string | null,
  scopes: readonly string[],
  path: (index: number) => string,
): void {
  const issues: ValidationIssue[] = [];
  const allowed: (() => void)[] = [];
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
      const permission = {
        // An API the file creates has no id yet: nobody can hold its scopes already.
        resourceServerId: resolved.resource.id ?? `(new) ${resolved.identifier}`,
        identifier: resolved.identifier,
        teamId: resolved.resource.teamId,
        scope: resolved.scope,
      };
      allowed.push(() => requireMayPermit(actor, clientTeamId, permission, ctx.own));
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
  for (const check of allowed) check();
}
