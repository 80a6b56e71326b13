import {
  type CreatePoolGroupInput,
  createPoolGroupSchema,
  type PoolGroup,
  toIssues,
} from '@gatehouse/schemas';
import type { Clock } from '../../clock.js';
import { type Db, UniqueViolation } from '../../store/db.js';
import {
  addPoolGroupMember,
  deletePoolGroup,
  findPoolGroup,
  groupsOfUser,
  insertPoolGroup,
  listPoolGroups,
  membersOfPoolGroup,
  type PoolGroupRow,
  removePoolGroupMember,
} from '../../store/repos/pool-groups.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { type PoolRecord, poolTarget, requirePool } from './pool-access.js';
import { requirePoolUser } from './pool-user-lookup.js';
import { poolGroupView } from './pool-views.js';

const target = (pool: PoolRecord, name: string) =>
  poolTarget(pool.row, 'pool_group', `${pool.row.id}/${name}`, name);

/** Groups of a pool's users; their names reach tokens as `groups` and `cognito:groups`. */
export class PoolGroupService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async create(poolId: string, input: CreatePoolGroupInput, actor: Actor): Promise<PoolGroup> {
    const parsed = createPoolGroupSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    try {
      return await this.db.transaction(async (tx) => {
        const pool = await requirePool(tx, poolId, actor, 'write');
        const row: PoolGroupRow = {
          pool_id: pool.row.id,
          name: parsed.data.name,
          description: parsed.data.description,
          precedence: parsed.data.precedence ?? null,
          created_at: this.clock.now(),
        };
        await insertPoolGroup(tx, row);
        const view = poolGroupView(row);
        await recordAudit(tx, this.clock, actor, 'pool_group.create', target(pool, row.name), null, view);
        return view;
      });
    } catch (error) {
      if (error instanceof UniqueViolation) {
        throw new ConflictError(`user pool "${poolId}" already has a group "${parsed.data.name}"`);
      }
      throw error;
    }
  }

  async list(poolId: string, actor: Actor): Promise<PoolGroup[]> {
    const pool = await requirePool(this.db, poolId, actor, 'read');
    return (await listPoolGroups(this.db, pool.row.id)).map(poolGroupView);
  }

  /** The subs of the group's members. */
  async members(poolId: string, name: string, actor: Actor): Promise<string[]> {
    const pool = await requirePool(this.db, poolId, actor, 'read');
    await this.require(this.db, pool, name);
    return membersOfPoolGroup(this.db, pool.row.id, name);
  }

  /** The groups a user is in, lowest precedence first. */
  async groupsOf(poolId: string, userRef: string, actor: Actor): Promise<string[]> {
    const pool = await requirePool(this.db, poolId, actor, 'read');
    const user = await requirePoolUser(this.db, pool.row.id, userRef);
    return groupsOfUser(this.db, user.sub);
  }

  async delete(poolId: string, name: string, actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const pool = await requirePool(tx, poolId, actor, 'write');
      const row = await this.require(tx, pool, name);
      const members = await membersOfPoolGroup(tx, pool.row.id, name);
      await deletePoolGroup(tx, pool.row.id, name);
      await recordAudit(tx, this.clock, actor, 'pool_group.delete', target(pool, name), poolGroupView(row), {
        removedMembers: members.length,
      });
    });
  }

  /** Adding someone already in the group changes nothing and is not an error. */
  async addUser(poolId: string, name: string, userRef: string, actor: Actor): Promise<string[]> {
    return this.membership(poolId, name, userRef, actor, 'add');
  }

  async removeUser(poolId: string, name: string, userRef: string, actor: Actor): Promise<string[]> {
    return this.membership(poolId, name, userRef, actor, 'remove');
  }

  /** Returns the user's groups after the change. */
  private membership(
    poolId: string,
    name: string,
    userRef: string,
    actor: Actor,
    change: 'add' | 'remove',
  ): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const pool = await requirePool(tx, poolId, actor, 'write');
      await this.require(tx, pool, name);
      const user = await requirePoolUser(tx, pool.row.id, userRef);
      const changed =
        change === 'add'
          ? await addPoolGroupMember(tx, pool.row.id, name, user.sub)
          : await removePoolGroupMember(tx, pool.row.id, name, user.sub);
      if (change === 'remove' && !changed) {
        throw new NotFoundError(`user "${user.username}" is not in group "${name}"`);
      }
      if (changed) {
        const member = { sub: user.sub, username: user.username };
        await recordAudit(
          tx,
          this.clock,
          actor,
          change === 'add' ? 'pool_group.add_user' : 'pool_group.remove_user',
          target(pool, name),
          change === 'add' ? null : member,
          change === 'add' ? member : null,
        );
      }
      return groupsOfUser(tx, user.sub);
    });
  }

  private async require(db: Db, pool: PoolRecord, name: string): Promise<PoolGroupRow> {
    const row = await findPoolGroup(db, pool.row.id, name);
    if (!row) throw new NotFoundError(`user pool "${pool.row.id}" has no group "${name}"`);
    return row;
  }
}
