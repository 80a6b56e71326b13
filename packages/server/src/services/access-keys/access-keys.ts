import { randomBytes } from 'node:crypto';
import {
  ACCESS_KEY_ID_PREFIX,
  type AccessKey,
  type CreateAccessKeyInput,
  type CreatedAccessKey,
  createAccessKeySchema,
  toIssues,
  type UpdateAccessKeyInput,
  updateAccessKeySchema,
} from '@gatehouse/schemas';
import type { Clock } from '../../clock.js';
import { open, seal } from '../../crypto/envelope.js';
import type { Db } from '../../store/db.js';
import {
  type AccessKeyRow,
  deleteAccessKey,
  findAccessKey,
  insertAccessKey,
  listAccessKeys,
  updateAccessKey,
} from '../../store/repos/access-keys.js';
import { recordChange } from '../../store/repos/changes.js';
import { purgeSeenSignatures } from '../../store/repos/seen-signatures.js';
import type { Actor } from '../actor.js';
import { type AuditTarget, recordAudit } from '../audit.js';
import { isMember, requireAdmin, requireOwner, requireScope } from '../authz.js';
import type { ChangeListener } from '../change-poller.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { requireTeam } from '../teams.js';
import { iso } from '../views.js';
import { AccessKeyCache, type AccessKeyEntry } from './access-key-cache.js';
import { RequestVerifier, type VerifiedCaller } from './request-verifier.js';
import type { SignedRequest } from './verify-signature.js';

const BASE32_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** 16 base32 characters: 80 random bits after the prefix, 20 characters in all as AWS's ids. */
const ID_CHARS = 16;
/** 40 base64 characters, as AWS's secrets: 240 random bits. */
const SECRET_BYTES = 30;

function generateAccessKeyId(): string {
  let id = ACCESS_KEY_ID_PREFIX;
  for (const byte of randomBytes(ID_CHARS)) id += BASE32_UPPER[byte & 31];
  return id;
}

// The key id is authenticated with the sealed secret: a value copied to another row fails to open.
const aad = (id: string) => `access_key:${id}`;

const target = (row: AccessKeyRow): AuditTarget => ({
  type: 'access_key',
  id: row.id,
  name: row.name || row.id,
  teamId: row.team_id,
});

function accessKeyView(row: AccessKeyRow): AccessKey {
  return {
    accessKeyId: row.id,
    teamId: row.team_id,
    platformAdmin: row.team_id === null,
    name: row.name,
    description: row.description,
    enabled: row.enabled === 1,
    createdAt: iso(Number(row.created_at)),
    lastUsedAt: row.last_used_at === null ? null : iso(Number(row.last_used_at)),
  };
}

/**
 * Access keys for the Cognito wire. A team's owners make keys for the team; platform admins
 * make keys that reach every pool. The secret is shown once, at creation, and is sealed under
 * the master key at rest: SigV4 needs it in the clear to recompute a signature.
 */
export class AccessKeyService implements ChangeListener {
  private readonly cache: AccessKeyCache;
  private readonly verifier: RequestVerifier;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly masterKey: Buffer,
  ) {
    this.cache = new AccessKeyCache((id) => this.loadEntry(id));
    this.verifier = new RequestVerifier(db, clock, this.cache);
  }

  async create(input: CreateAccessKeyInput, actor: Actor): Promise<CreatedAccessKey> {
    requireScope(actor, 'access-keys:write');
    const parsed = createAccessKeySchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const value = parsed.data;
    if (value.team === undefined) requireAdmin(actor, 'create an access key that reaches every team');
    return this.db.transaction(async (tx) => {
      const teamId = value.team === undefined ? null : (await requireTeam(tx, value.team)).id;
      if (teamId !== null) requireOwner(actor, teamId, 'the team');
      const now = this.clock.now();
      const id = generateAccessKeyId();
      const secret = randomBytes(SECRET_BYTES).toString('base64');
      const row: AccessKeyRow = {
        id,
        team_id: teamId,
        name: value.name,
        description: value.description,
        secret_enc: seal(this.masterKey, Buffer.from(secret, 'utf8'), aad(id)),
        enabled: 1,
        created_at: now,
        updated_at: now,
        last_used_at: null,
      };
      await insertAccessKey(tx, row);
      // Another instance may have cached this id as unknown.
      await recordChange(tx, 'access_key', id, now);
      const view = accessKeyView(row);
      await recordAudit(tx, this.clock, actor, 'access_key.create', target(row), null, view);
      this.cache.invalidate(id);
      return { ...view, secretAccessKey: secret };
    });
  }

  /** The keys the actor may see: their teams' keys, and every key for platform admins. */
  async list(actor: Actor): Promise<AccessKey[]> {
    requireScope(actor, 'access-keys:read');
    const rows = await listAccessKeys(this.db);
    return rows.filter((row) => isMember(actor, row.team_id)).map(accessKeyView);
  }

  async get(id: string, actor: Actor): Promise<AccessKey> {
    requireScope(actor, 'access-keys:read');
    return accessKeyView(await this.require(this.db, id, actor));
  }

  /** Disabling takes effect on every instance within a poll of the change log. */
  async update(id: string, input: UpdateAccessKeyInput, actor: Actor): Promise<AccessKey> {
    requireScope(actor, 'access-keys:write');
    const parsed = updateAccessKeySchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const change = parsed.data;
    return this.db.transaction(async (tx) => {
      const row = await this.requireWritable(tx, id, actor);
      const next: AccessKeyRow = {
        ...row,
        name: change.name ?? row.name,
        description: change.description ?? row.description,
        enabled: change.enabled === undefined ? row.enabled : change.enabled ? 1 : 0,
        updated_at: this.clock.now(),
      };
      await updateAccessKey(tx, next);
      await recordChange(tx, 'access_key', row.id, next.updated_at);
      const before = accessKeyView(row);
      const after = accessKeyView(next);
      await recordAudit(tx, this.clock, actor, 'access_key.update', target(row), before, after);
      this.cache.invalidate(row.id);
      return after;
    });
  }

  async delete(id: string, actor: Actor): Promise<void> {
    requireScope(actor, 'access-keys:write');
    await this.db.transaction(async (tx) => {
      const row = await this.requireWritable(tx, id, actor);
      await deleteAccessKey(tx, row.id);
      await recordChange(tx, 'access_key', row.id, this.clock.now());
      await recordAudit(tx, this.clock, actor, 'access_key.delete', target(row), accessKeyView(row), null);
      this.cache.invalidate(row.id);
    });
  }

  /**
   * Checks a Cognito-wire request's SigV4 signature; throws SignatureRefused (with AWS's
   * `__type` and words) when it does not hold, or names a key that is unknown or disabled.
   */
  verifyRequest(
    request: SignedRequest,
    origin: { ip: string | null; userAgent: string | null },
  ): Promise<VerifiedCaller> {
    return this.verifier.verify(request, origin);
  }

  /** Forgets signatures whose window has passed: they would be refused as stale anyway. */
  purgeSeenSignatures(): Promise<void> {
    return purgeSeenSignatures(this.db, this.clock.now());
  }

  changed(kind: string, entityId: string): void {
    if (kind === 'access_key') this.cache.invalidate(entityId);
  }

  dropAll(): void {
    this.cache.clear();
  }

  private async loadEntry(id: string): Promise<AccessKeyEntry | undefined> {
    const row = await findAccessKey(this.db, id);
    if (!row) return undefined;
    return {
      accessKeyId: row.id,
      teamId: row.team_id,
      name: row.name,
      enabled: row.enabled === 1,
      secret: open(this.masterKey, row.secret_enc, aad(row.id)).toString('utf8'),
      signingKeys: new Map(),
    };
  }

  /** A key the actor may not see is as unknown as one that does not exist. */
  private async require(db: Db, id: string, actor: Actor): Promise<AccessKeyRow> {
    const row = await findAccessKey(db, id);
    if (!row || !isMember(actor, row.team_id)) throw new NotFoundError(`no access key "${id}"`);
    return row;
  }

  private async requireWritable(db: Db, id: string, actor: Actor): Promise<AccessKeyRow> {
    const row = await this.require(db, id, actor);
    if (row.team_id === null) requireAdmin(actor, "change a platform admin's access key");
    else requireOwner(actor, row.team_id, `access key "${id}"`);
    return row;
  }
}
