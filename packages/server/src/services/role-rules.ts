import {
  createRoleSchema,
  type CreateRoleInput,
  customIssue,
  toIssues,
  type ValidationIssue,
} from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { teamHoldsApproved } from '../store/repos/roles.js';
import type { PermissionRow } from '../store/repos/rows.js';
import type { Actor } from './actor.js';
import { currentPermissions } from './client-records.js';
import { ForbiddenError, ServiceError } from './errors.js';
import { type ResolvedPermission, requireMayPermit } from './permission-authority.js';
import { resolvePermissions, type ScopeField } from './resolve-permissions.js';

/**
 * The shape of a role as configuration gives it: name, description, scopes. No store read, so
 * a plan can list every problem of a file at once; checkRoleScopes then resolves and authorizes.
 */
export function validateRole(input: unknown, field = ''): ValidationIssue[] {
  const parsed = createRoleSchema.safeParse(input);
  if (parsed.success) return duplicateScopes(parsed.data, field);
  return toIssues(parsed.error, field || undefined);
}

function duplicateScopes(input: CreateRoleInput, field: string): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  (input.scopes ?? []).forEach((scope, index) => {
    if (seen.has(scope))
      issues.push(customIssue(`${field ? `${field}.` : ''}scopes.${index}`, `"${scope}" is listed twice`));
    seen.add(scope);
  });
  return issues;
}

/**
 * Whether the actor may put a scope in a role of team `teamId`, or give a client such a role:
 * the same authority as giving the scope to one of that team's clients (requireMayPermit), and
 * also a scope the API's owners already allowed the team through an approved access request
 * that one of its clients still holds. A machine client only passes on what it holds itself.
 */
export async function requireMayBundle(
  tx: Db,
  clock: Clock,
  actor: Actor,
  teamId: string | null,
  permission: ResolvedPermission,
  own: readonly PermissionRow[] | null,
): Promise<void> {
  try {
    requireMayPermit(actor, teamId, permission, own);
  } catch (error) {
    const allowed =
      error instanceof ForbiddenError &&
      actor.type !== 'client' &&
      teamId !== null &&
      permission.teamId !== null &&
      (await teamHoldsApproved(tx, teamId, permission, clock.now()));
    if (!allowed) throw error;
  }
}

/**
 * Resolves qualified scopes and checks that the actor may bundle every one of them into a role
 * of team `teamId`, before anything is written. Inside the caller's transaction.
 */
export async function checkRoleScopes(
  tx: Db,
  clock: Clock,
  actor: Actor,
  teamId: string | null,
  scopes: readonly string[],
  field: ScopeField = 'scopes',
): Promise<ResolvedPermission[]> {
  const permissions = await resolvePermissions(tx, scopes, field);
  const own =
    actor.type === 'client' && actor.id !== null ? await currentPermissions(tx, clock, actor.id) : null;
  for (const p of permissions) await requireMayBundle(tx, clock, actor, teamId, p, own);
  return permissions;
}

/** A role resolved by id or name matched none, or more than one team's. */
export class AmbiguousRoleError extends ServiceError {
  constructor(name: string, teams: readonly (string | null)[]) {
    super(
      'conflict',
      `${teams.length} roles are named "${name}" (teams ${teams.map((t) => t ?? '(platform)').join(', ')}); name the team or use the role id`,
    );
  }
}
