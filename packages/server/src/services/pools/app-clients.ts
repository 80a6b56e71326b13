import { randomBytes } from 'node:crypto';
import {
  type AppClient,
  type CreateAppClientInput,
  type CreatedAppClient,
  createAppClientSchema,
  customIssue,
  oauthFlowIssues,
  toIssues,
  type UpdateAppClientInput,
  updateAppClientSchema,
} from '@gatehouse/schemas';
import type { Clock } from '../../clock.js';
import { open, seal } from '../../crypto/envelope.js';
import { safeEqual } from '../../crypto/safe-equal.js';
import { generateClientId } from '../../crypto/secrets.js';
import type { Db } from '../../store/db.js';
import { recordChange } from '../../store/repos/changes.js';
import {
  type AppClientRow,
  deleteAppClient,
  findAppClient,
  insertAppClient,
  listAppClients,
  updateAppClient,
} from '../../store/repos/pool-app-clients.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { checkAppClientScopes } from './app-client-scopes.js';
import { poolTarget, type PoolRecord, requirePool } from './pool-access.js';
import { appClientView } from './pool-views.js';

/** Cognito's secrets are long; 384 bits, as base64url (64 characters). */
const SECRET_BYTES = 48;
/** Real secrets are 64 characters; the cap bounds the work an odd request can ask for. */
const MAX_PRESENTED_LENGTH = 512;
/** Compared against when there is no secret to compare, so every refusal costs the same. */
const STAND_IN = randomBytes(SECRET_BYTES).toString('base64url');

// The client id is authenticated with the sealed secret: a value copied to another row fails to open.
const aad = (clientId: string) => `pool_app_client:${clientId}`;

const target = (pool: PoolRecord, row: AppClientRow) =>
  poolTarget(pool.row, 'pool_app_client', row.client_id, row.name);

/**
 * A pool's app clients. Confidential clients' secrets are sealed under the master key, not
 * hashed: Cognito's SECRET_HASH is an HMAC keyed with the secret, so the plaintext is needed later.
 */
export class AppClientService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly masterKey: Buffer,
  ) {}

  /** The secret, for a confidential client, is in this answer only. */
  async create(poolId: string, input: CreateAppClientInput, actor: Actor): Promise<CreatedAppClient> {
    const parsed = createAppClientSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const value = parsed.data;
    return this.db.transaction(async (tx) => {
      const pool = await requirePool(tx, poolId, actor, 'write');
      await checkAppClientScopes(tx, actor, pool.row.team_id, value.scopes);
      const now = this.clock.now();
      const clientId = generateClientId();
      const secret = value.public ? undefined : randomBytes(SECRET_BYTES).toString('base64url');
      const row: AppClientRow = {
        client_id: clientId,
        pool_id: pool.row.id,
        name: value.name,
        secret_enc: secret === undefined ? null : this.sealSecret(clientId, secret),
        auth_method: value.authMethod,
        redirect_uris: JSON.stringify(value.redirectUris),
        logout_uris: JSON.stringify(value.logoutUris),
        scopes: JSON.stringify(value.scopes),
        oauth_flows: JSON.stringify(value.allowedOAuthFlows),
        settings: JSON.stringify(value.settings),
        created_at: now,
        updated_at: now,
      };
      await insertAppClient(tx, row);
      // The token path may have cached this id as unknown.
      await recordChange(tx, 'pool_app_client', clientId, now);
      const view = appClientView(row);
      await recordAudit(tx, this.clock, actor, 'pool_app_client.create', target(pool, row), null, view);
      return secret === undefined ? view : { ...view, clientSecret: secret };
    });
  }

  async list(poolId: string, actor: Actor): Promise<AppClient[]> {
    const pool = await requirePool(this.db, poolId, actor, 'read');
    return (await listAppClients(this.db, pool.row.id)).map(appClientView);
  }

  async get(poolId: string, clientId: string, actor: Actor): Promise<AppClient> {
    const pool = await requirePool(this.db, poolId, actor, 'read');
    return appClientView(await this.require(this.db, pool, clientId));
  }

  /**
   * Changes what is given; a client stays public or confidential for life. A lifetime set to
   * null goes back to the pool's.
   */
  async update(
    poolId: string,
    clientId: string,
    input: UpdateAppClientInput,
    actor: Actor,
  ): Promise<AppClient> {
    const parsed = updateAppClientSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const change = parsed.data;
    return this.db.transaction(async (tx) => {
      const pool = await requirePool(tx, poolId, actor, 'write');
      const row = await this.require(tx, pool, clientId);
      const before = appClientView(row);
      const isPublic = row.secret_enc === null;
      if (change.authMethod !== undefined && (change.authMethod === 'none') !== isPublic) {
        throw new ValidationError([
          customIssue(
            'authMethod',
            isPublic
              ? 'a public client has no secret: use none'
              : 'a confidential client authenticates with its secret',
          ),
        ]);
      }
      const settings: Record<string, unknown> = { ...before.settings, ...change.settings };
      for (const [key, value] of Object.entries(settings)) if (value === null) delete settings[key];
      if (isPublic && settings.requirePkce === false) {
        throw new ValidationError([customIssue('settings.requirePkce', 'public clients always use PKCE')]);
      }
      const flows = change.allowedOAuthFlows ?? before.allowedOAuthFlows;
      const issues = oauthFlowIssues(flows, {
        isPublic,
        redirectUris: change.redirectUris ?? before.redirectUris,
        scopes: change.scopes ?? before.scopes,
      });
      if (issues.length > 0) {
        throw new ValidationError(issues.map((issue) => customIssue(issue.path.join('.'), issue.message)));
      }
      if (change.scopes) await checkAppClientScopes(tx, actor, pool.row.team_id, change.scopes);
      const next: AppClientRow = {
        ...row,
        name: change.name ?? row.name,
        auth_method: change.authMethod ?? row.auth_method,
        redirect_uris: JSON.stringify(change.redirectUris ?? before.redirectUris),
        logout_uris: JSON.stringify(change.logoutUris ?? before.logoutUris),
        scopes: JSON.stringify(change.scopes ?? before.scopes),
        oauth_flows: JSON.stringify(flows),
        settings: JSON.stringify(settings),
        updated_at: this.clock.now(),
      };
      await updateAppClient(tx, next);
      await recordChange(tx, 'pool_app_client', row.client_id, next.updated_at);
      const after = appClientView(next);
      await recordAudit(tx, this.clock, actor, 'pool_app_client.update', target(pool, row), before, after);
      return after;
    });
  }

  async delete(poolId: string, clientId: string, actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const pool = await requirePool(tx, poolId, actor, 'write');
      const row = await this.require(tx, pool, clientId);
      await deleteAppClient(tx, row.client_id);
      await recordChange(tx, 'pool_app_client', row.client_id, this.clock.now());
      await recordAudit(
        tx,
        this.clock,
        actor,
        'pool_app_client.delete',
        target(pool, row),
        appClientView(row),
        null,
      );
    });
  }

  /** A new secret replaces the old one at once; like creation, the answer is the only place it shows. */
  async rotateSecret(poolId: string, clientId: string, actor: Actor): Promise<CreatedAppClient> {
    return this.db.transaction(async (tx) => {
      const pool = await requirePool(tx, poolId, actor, 'write');
      const row = await this.require(tx, pool, clientId);
      if (row.secret_enc === null) {
        throw new ValidationError([customIssue('clientId', 'is a public client, which has no secret')]);
      }
      const secret = randomBytes(SECRET_BYTES).toString('base64url');
      const next = {
        ...row,
        secret_enc: this.sealSecret(row.client_id, secret),
        updated_at: this.clock.now(),
      };
      await updateAppClient(tx, next);
      await recordChange(tx, 'pool_app_client', row.client_id, next.updated_at);
      const view = appClientView(next);
      await recordAudit(
        tx,
        this.clock,
        actor,
        'pool_app_client.rotate_secret',
        target(pool, row),
        null,
        view,
      );
      return { ...view, clientSecret: secret };
    });
  }

  /** For the people side (authorize, token endpoint): no actor, no rights checked. */
  async lookup(clientId: string): Promise<AppClient | undefined> {
    const row = await findAppClient(this.db, clientId);
    return row && appClientView(row);
  }

  /**
   * Checks a presented secret in constant time. Unknown clients, public clients and odd input
   * take the same path as a wrong secret and answer undefined.
   */
  async authenticate(clientId: string, presented: string): Promise<AppClient | undefined> {
    const row = await findAppClient(this.db, clientId);
    const stored = row?.secret_enc ? this.openSecret(row.client_id, row.secret_enc) : undefined;
    const ok = typeof presented === 'string' && presented.length <= MAX_PRESENTED_LENGTH;
    const match = safeEqual(ok ? presented : '', stored ?? STAND_IN);
    return row && stored !== undefined && ok && match ? appClientView(row) : undefined;
  }

  /** A confidential client's secret in plaintext, for Cognito's SECRET_HASH; undefined for others. */
  async secretOf(clientId: string): Promise<string | undefined> {
    const row = await findAppClient(this.db, clientId);
    return row?.secret_enc ? this.openSecret(row.client_id, row.secret_enc) : undefined;
  }

  private sealSecret(clientId: string, secret: string): string {
    return seal(this.masterKey, Buffer.from(secret, 'utf8'), aad(clientId));
  }

  private openSecret(clientId: string, sealed: string): string {
    return open(this.masterKey, sealed, aad(clientId)).toString('utf8');
  }

  private async require(db: Db, pool: PoolRecord, clientId: string): Promise<AppClientRow> {
    const row = await findAppClient(db, clientId);
    if (!row || row.pool_id !== pool.row.id) {
      throw new NotFoundError(`user pool "${pool.row.id}" has no app client "${clientId}"`);
    }
    return row;
  }
}
