import type { ConfigKind } from '@gatehouse/schemas';
import { type AdminScope, isMember, requireMember, requireScope } from '../../authz.js';
import type { KindPlan, PlanContext, PlannedChange } from '../model.js';

/** How one kind names, and deletes, what the store holds and the file leaves out. */
export interface LeftOut<Row> {
  kind: ConfigKind;
  /** Its key in the plan: an identifier or a name. */
  key(row: Row): string;
  /** The admin scope that deleting one needs. */
  scope: AdminScope;
  /** How a refusal names it. */
  label(row: Row): string;
  remove(row: Row): PlannedChange;
}

/**
 * Finishes a kind's plan with what the file leaves out (`unlisted`), within the run's reach (its
 * team, or the teams the actor belongs to): kept and listed as such, or with --prune deleted,
 * each once the actor's right to delete it is checked.
 */
export function planLeftOut<Row extends { team_id: string | null }>(
  ctx: PlanContext,
  unlisted: readonly Row[],
  changes: PlannedChange[],
  slug: (teamId: string | null) => string | null,
  spec: LeftOut<Row>,
): KindPlan {
  const absent = unlisted.filter((r) =>
    ctx.scopeTeam ? r.team_id === ctx.scopeTeam.id : isMember(ctx.actor, r.team_id),
  );
  if (!ctx.prune) {
    return {
      changes,
      kept: absent.map((r) => ({ kind: spec.kind, key: spec.key(r), team: slug(r.team_id) })),
    };
  }
  for (const row of absent) {
    requireScope(ctx.actor, spec.scope);
    requireMember(ctx.actor, row.team_id, spec.label(row));
    changes.push(spec.remove(row));
  }
  return { changes, kept: [] };
}
