import { customIssue, type ValidationIssue } from '@gatehouse/schemas';
import type { Db } from '../store/db.js';
import { listResourceServers, listScopes } from '../store/repos/resource-servers.js';
import { ValidationError } from './errors.js';
import type { ResolvedPermission } from './permission-authority.js';
import { resolveQualifiedScope } from './qualified-scope.js';

/** Where a scope sits in the request, for error messages: a field name, or a path per index. */
export type ScopeField = string | ((index: number) => string);

/** Resolves `<identifier>/<scope>` strings against the registry, naming each one that does not resolve. */
export async function resolvePermissions(
  db: Db,
  qualified: readonly string[],
  field: ScopeField,
): Promise<ResolvedPermission[]> {
  const at = typeof field === 'string' ? (index: number) => `${field}.${index}` : field;
  const servers = new Map((await listResourceServers(db)).map((r) => [r.identifier, r]));
  const scopes = new Set((await listScopes(db)).map((s) => `${s.resource_server_id} ${s.name}`));
  const issues: ValidationIssue[] = [];
  const out = new Map<string, ResolvedPermission>();
  qualified.forEach((q, index) => {
    const resolved = resolveQualifiedScope(q, (identifier) => servers.get(identifier));
    if (!resolved) {
      issues.push(
        customIssue(at(index), `no resource server matches "${q}" (expected <identifier>/<scope>)`),
      );
    } else if (!scopes.has(`${resolved.resource.id} ${resolved.scope}`)) {
      issues.push(
        customIssue(at(index), `resource server "${resolved.identifier}" has no scope "${resolved.scope}"`),
      );
    } else {
      out.set(`${resolved.resource.id} ${resolved.scope}`, {
        resourceServerId: resolved.resource.id,
        identifier: resolved.identifier,
        teamId: resolved.resource.team_id,
        scope: resolved.scope,
      });
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return [...out.values()];
}
