import {
  type CreateUserPoolInput,
  createUserPoolSchema,
  type PoolSettings,
  poolSettingsSchema,
  toIssues,
  type UpdateUserPoolInput,
  updateUserPoolSchema,
  type UserPool,
} from '@gatehouse/schemas';
import type { Clock } from '../../clock.js';
import { randomAlphanumeric } from '../../crypto/secrets.js';
import { type Db, UniqueViolation } from '../../store/db.js';
import { recordChange } from '../../store/repos/changes.js';
import {
  deleteUserPool,
  insertUserPool,
  listUserPools,
  updateUserPool,
  type UserPoolRow,
} from '../../store/repos/user-pools.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit.js';
import { isMember, requireAdmin, requireMember, requireScope } from '../authz.js';
import { ValidationError } from '../errors.js';
import { requireTeam } from '../teams.js';
import {
  loadPool,
  poolIssuer,
  type PoolRecord,
  poolSettingsOf,
  poolTarget,
  requirePool,
} from './pool-access.js';
import { userPoolView } from './pool-views.js';

/** Nine characters of 62: a clash is one in 10^16 per pair, and is drawn again anyway. */
const ID_CHARS = 9;
const ID_ATTEMPTS = 3;

/** Merges a change into settings group by group; a null branding field goes back to the default. */
function mergeSettings(current: PoolSettings, change: UpdateUserPoolInput): unknown {
  const { name: _name, passwordPolicy, tokens, sessions, branding, ...top } = change;
  const mergedBranding: Record<string, unknown> = { ...current.branding, ...branding };
  for (const [key, value] of Object.entries(mergedBranding)) if (value === null) delete mergedBranding[key];
  return {
    ...current,
    ...top,
    passwordPolicy: { ...current.passwordPolicy, ...passwordPolicy },
    tokens: { ...current.tokens, ...tokens },
    sessions: { ...current.sessions, ...sessions },
    branding: mergedBranding,
  };
}

/**
 * User pools: directories of people, each owned by a team (or, without one, by platform
 * admins), with their own settings and issuer. Every change is audited.
 */
export class UserPoolService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly region: string,
    private issuer: string,
  ) {}

  /** The server calls this once it listens: with port 0 the issuer is known only then. */
  useIssuer(issuer: string): void {
    this.issuer = issuer;
  }

  /** The issuer of a pool's tokens, `<issuer>/pools/<id>`. */
  issuerOf(poolId: string): string {
    return poolIssuer(this.issuer, poolId);
  }

  async create(input: CreateUserPoolInput, actor: Actor): Promise<UserPool> {
    requireScope(actor, 'user-pools:write');
    const parsed = createUserPoolSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const { name, team, teamId, ...settings } = parsed.data;
    const teamRef = team ?? teamId;
    if (teamRef === undefined) requireAdmin(actor, 'create a user pool that belongs to no team');
    const now = this.clock.now();
    for (let attempt = 1; ; attempt++) {
      const row: UserPoolRow = {
        id: `${this.region}_${randomAlphanumeric(ID_CHARS)}`,
        team_id: null,
        name,
        settings: JSON.stringify(settings),
        created_at: now,
        updated_at: now,
      };
      try {
        return await this.db.transaction(async (tx) => {
          if (teamRef !== undefined) {
            row.team_id = (await requireTeam(tx, teamRef)).id;
            requireMember(actor, row.team_id, 'that team');
          }
          await insertUserPool(tx, row);
          // The token path may have cached this id as unknown.
          await recordChange(tx, 'user_pool', row.id, now);
          const view = userPoolView(row, settings, this.issuer);
          await recordAudit(tx, this.clock, actor, 'user_pool.create', poolTarget(row), null, view);
          return view;
        });
      } catch (error) {
        if (!(error instanceof UniqueViolation) || attempt >= ID_ATTEMPTS) throw error;
      }
    }
  }

  /** The pools the actor may see: their teams' pools, or all of them for platform admins. */
  async list(actor: Actor): Promise<UserPool[]> {
    requireScope(actor, 'user-pools:read');
    const rows = await listUserPools(this.db);
    return rows
      .filter((row) => isMember(actor, row.team_id))
      .map((row) => userPoolView(row, poolSettingsOf(row), this.issuer));
  }

  async get(poolId: string, actor: Actor): Promise<UserPool> {
    const { row, settings } = await requirePool(this.db, poolId, actor, 'read');
    return userPoolView(row, settings, this.issuer);
  }

  /** For the people side (discovery, hosted pages, tokens): no actor, no rights checked. */
  lookup(poolId: string): Promise<PoolRecord | undefined> {
    return loadPool(this.db, poolId);
  }

  async update(poolId: string, input: UpdateUserPoolInput, actor: Actor): Promise<UserPool> {
    const parsed = updateUserPoolSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    return this.db.transaction(async (tx) => {
      const { row, settings } = await requirePool(tx, poolId, actor, 'write');
      const merged = poolSettingsSchema.safeParse(mergeSettings(settings, parsed.data));
      if (!merged.success) throw new ValidationError(toIssues(merged.error));
      const before = userPoolView(row, settings, this.issuer);
      const next: UserPoolRow = {
        ...row,
        name: parsed.data.name ?? row.name,
        settings: JSON.stringify(merged.data),
        updated_at: this.clock.now(),
      };
      await updateUserPool(tx, row.id, next);
      await recordChange(tx, 'user_pool', row.id, next.updated_at);
      const after = userPoolView(next, merged.data, this.issuer);
      await recordAudit(tx, this.clock, actor, 'user_pool.update', poolTarget(row), before, after);
      return after;
    });
  }

  /** Deletes the pool with its app clients, users, groups, sessions and grants. */
  async delete(poolId: string, actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { row, settings } = await requirePool(tx, poolId, actor, 'write');
      await deleteUserPool(tx, row.id);
      await recordChange(tx, 'user_pool', row.id, this.clock.now());
      await recordAudit(
        tx,
        this.clock,
        actor,
        'user_pool.delete',
        poolTarget(row),
        userPoolView(row, settings, this.issuer),
        null,
      );
    });
  }
}
