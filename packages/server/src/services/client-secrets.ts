import { type ClientSecretInfo, secretLifetimeSchema, toIssues } from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import { generateClientSecret, hashSecret, randomId } from '../crypto/secrets.js';
import type { Db } from '../store/db.js';
import { recordChange } from '../store/repos/changes.js';
import { findClient, insertSecret, listSecrets, revokeSecret } from '../store/repos/clients.js';
import type { SecretRow } from '../store/repos/rows.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit.js';
import { requireMember, requireScope } from './authz.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import { currentPermissions } from './client-records.js';
import { requireMayActAs } from './permission-authority.js';
import { secretView } from './views.js';

/** Enough for rotation with overlap (old, new, and one spare) without letting old secrets pile up. */
export const MAX_ACTIVE_SECRETS = 5;

export interface IssuedSecret {
  id: string;
  /** The secret itself: returned once, never stored, never logged. */
  value: string;
  expiresAt: string | null;
}

export async function issueSecret(
  db: Db,
  clientId: string,
  now: number,
  expiresIn?: number,
): Promise<IssuedSecret> {
  const value = generateClientSecret();
  const row: SecretRow = {
    id: randomId('sec_', 10),
    client_id: clientId,
    hash: hashSecret(value).toString('base64url'),
    hint: value.slice(-4),
    created_at: now,
    expires_at: expiresIn === undefined ? null : now + expiresIn * 1000,
    revoked_at: null,
    last_used_at: null,
  };
  await insertSecret(db, row);
  return {
    id: row.id,
    value,
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at).toISOString(),
  };
}

/** Rotation without downtime: add a new secret, move callers to it, revoke the old one. */
export class ClientSecretService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async add(clientId: string, options: { expiresIn?: number } = {}, actor: Actor): Promise<IssuedSecret> {
    requireScope(actor, 'clients:write');
    const { expiresIn } = options;
    if (expiresIn !== undefined) {
      const parsed = secretLifetimeSchema.safeParse(expiresIn);
      if (!parsed.success) throw new ValidationError(toIssues(parsed.error, 'expiresIn'));
    }
    return this.db.transaction(async (tx) => {
      const client = await findClient(tx, clientId);
      if (!client) throw new NotFoundError(`no client "${clientId}"`);
      requireMember(actor, client.team_id, `client "${clientId}"`);
      if (client.auth_method === 'private_key_jwt') {
        throw new ConflictError(`client "${clientId}" authenticates with private_key_jwt and has no secrets`);
      }
      const now = this.clock.now();
      requireMayActAs(actor, clientId, await currentPermissions(tx, this.clock, clientId));
      const active = (await listSecrets(tx, clientId)).filter(
        (s) => s.revoked_at === null && (s.expires_at === null || s.expires_at > now),
      );
      if (active.length >= MAX_ACTIVE_SECRETS) {
        throw new ConflictError(
          `client "${clientId}" already has ${active.length} active secrets; revoke one before adding another`,
        );
      }
      const secret = await issueSecret(tx, clientId, now, expiresIn);
      await recordChange(tx, 'client', clientId, now);
      await recordAudit(
        tx,
        this.clock,
        actor,
        'client_secret.create',
        { type: 'client', id: clientId, name: client.name, teamId: client.team_id },
        null,
        { secretId: secret.id, hint: secret.value.slice(-4), expiresAt: secret.expiresAt },
      );
      return secret;
    });
  }

  async list(clientId: string, actor: Actor): Promise<ClientSecretInfo[]> {
    requireScope(actor, 'clients:read');
    const client = await findClient(this.db, clientId);
    if (!client) throw new NotFoundError(`no client "${clientId}"`);
    requireMember(actor, client.team_id, `client "${clientId}"`);
    return (await listSecrets(this.db, clientId)).map(secretView);
  }

  async revoke(clientId: string, secretId: string, actor: Actor): Promise<ClientSecretInfo> {
    requireScope(actor, 'clients:write');
    return this.db.transaction(async (tx) => {
      const client = await findClient(tx, clientId);
      if (!client) throw new NotFoundError(`no client "${clientId}"`);
      requireMember(actor, client.team_id, `client "${clientId}"`);
      const now = this.clock.now();
      if (!(await revokeSecret(tx, clientId, secretId, now))) {
        throw new NotFoundError(`client "${clientId}" has no active secret "${secretId}"`);
      }
      await recordChange(tx, 'client', clientId, now);
      const row = (await listSecrets(tx, clientId)).find((s) => s.id === secretId);
      if (!row) throw new NotFoundError(`client "${clientId}" has no secret "${secretId}"`);
      await recordAudit(
        tx,
        this.clock,
        actor,
        'client_secret.revoke',
        { type: 'client', id: clientId, name: client.name, teamId: client.team_id },
        { secretId, hint: row.hint },
        null,
      );
      return secretView(row);
    });
  }
}
