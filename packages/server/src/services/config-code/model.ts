import type { ConfigChange, ConfigFieldDiff, ConfigKind, ConfigPlan } from '@gatehouse/schemas';
import type { Clock } from '../../clock.js';
import type { Db } from '../../store/db.js';
import type { TeamRow } from '../../store/repos/people.js';
import type { PermissionRow } from '../../store/repos/rows.js';
import type { Actor } from '../actor.js';
import type { IssuedSecret } from '../client-secrets.js';

/** How a run is bounded: one team (`--team`), whether to delete what the file leaves out. */
export interface RunOptions {
  /** Slug or id; entries without a team belong to it, and nothing outside it is touched. */
  team?: string | undefined;
  prune?: boolean | undefined;
}

/** What every kind needs to plan: the store, who acts, and the teams the file names. */
export interface PlanContext {
  db: Db;
  clock: Clock;
  actor: Actor;
  allowHttpJwksUri: boolean;
  /** The run's team, resolved; null when the run spans every team the actor may see. */
  scopeTeam: TeamRow | null;
  prune: boolean;
  teamById: ReadonlyMap<string, TeamRow>;
  /** A team slug or id from the file → the team, or a validation error naming `path`. */
  resolveTeam(ref: string | undefined, path: string): TeamRow | null;
  /** The permissions of the acting machine client, which bound what it may pass on; null for people. */
  own: PermissionRow[] | null;
  /** Resource servers as the file will leave them, by identifier: what client scopes resolve against. */
  desiredScopes: ReadonlyMap<string, DesiredServer>;
  /** Roles as the file will leave them, by team and name (roles.ts roleKey): what clients' roles resolve against. */
  desiredRoles: ReadonlyMap<string, { scopes: readonly string[] }>;
}

/** A resource server as the file will leave it, for resolving client scopes before anything is written. */
export interface DesiredServer {
  /** Null until created. */
  id: string | null;
  teamId: string | null;
  scopes: ReadonlySet<string>;
}

/** What applying a change needs besides the transaction. */
export interface ApplyContext {
  clock: Clock;
  actor: Actor;
  allowHttpJwksUri: boolean;
  /** Secrets of created clients, shown once after the commit. */
  secrets: (IssuedSecret & { name: string; team: string | null; clientId: string })[];
  created: { kind: ConfigKind; key: string; team: string | null; id: string }[];
}

/** A change as the plan shows it, and the work that makes it. */
export interface PlannedChange {
  change: ConfigChange;
  /** Writes come in phases so that what one change relies on exists: see PHASES. */
  phase: Phase;
  /** The entry it comes from, so a refusal while writing names it as planning would. */
  where?: { path: string; label: string };
  run(tx: Db, ctx: ApplyContext): Promise<void>;
}

/**
 * Resource servers first (roles and clients resolve their scopes against them), then roles
 * (clients hold them), then clients; deletions last, in reverse, so nothing points at
 * something already gone.
 */
export const PHASES = [
  'upsert-resource-servers',
  'upsert-roles',
  'upsert-clients',
  'delete-clients',
  'delete-roles',
  'delete-resource-servers',
] as const;
export type Phase = (typeof PHASES)[number];

export interface KindPlan {
  changes: PlannedChange[];
  kept: ConfigPlan['kept'];
}

/** Field-level differences between two flat specs: maps compare key by key, lists element by element. */
export function diffSpecs(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): ConfigFieldDiff[] {
  const out: ConfigFieldDiff[] = [];
  for (const field of Object.keys(after)) {
    const a = before[field];
    const b = after[field];
    if (Array.isArray(a) && Array.isArray(b) && field !== 'grantTypes') {
      const left = new Set(a.map((v) => JSON.stringify(v)));
      const right = new Set(b.map((v) => JSON.stringify(v)));
      for (const v of b) if (!left.has(JSON.stringify(v))) out.push({ field, op: '+', after: v });
      for (const v of a) if (!right.has(JSON.stringify(v))) out.push({ field, op: '-', before: v });
    } else if (isMap(a) && isMap(b)) {
      for (const [k, v] of Object.entries(b)) {
        if (!(k in a)) out.push({ field: `${field}.${k}`, op: '+', after: v });
        else if (JSON.stringify(a[k]) !== JSON.stringify(v))
          out.push({ field: `${field}.${k}`, op: '~', before: a[k], after: v });
      }
      for (const [k, v] of Object.entries(a))
        if (!(k in b)) out.push({ field: `${field}.${k}`, op: '-', before: v });
    } else if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)) {
      out.push({ field, op: '~', before: a ?? null, after: b ?? null });
    }
  }
  return out;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
