import { type Client, customIssue, putKeysSchema, toIssues } from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { recordChange } from '../store/repos/changes.js';
import { updateClient } from '../store/repos/clients.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit.js';
import { requireScope } from './authz.js';
import { checkJwks, checkJwksUri } from './client-key-checks.js';
import { clientTarget, currentPermissions, readClient, requireClient } from './client-records.js';
import { ValidationError } from './errors.js';
import { requireMayActAs } from './permission-authority.js';

/** Replaces the public keys of a private_key_jwt client: the next assertion is checked against them. */
export async function setClientKeys(
  db: Db,
  clock: Clock,
  allowHttpJwksUri: boolean,
  clientId: string,
  input: unknown,
  actor: Actor,
): Promise<Client> {
  requireScope(actor, 'clients:write');
  const parsed = putKeysSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
  const { jwks, jwksUri } = parsed.data;
  if (jwks) checkJwks(jwks);
  if (jwksUri !== undefined) checkJwksUri(jwksUri, allowHttpJwksUri);
  return db.transaction(async (tx) => {
    const row = await requireClient(tx, clientId, actor);
    if (row.auth_method !== 'private_key_jwt') {
      throw new ValidationError([
        customIssue('authMethod', `client "${clientId}" uses ${row.auth_method}, not private_key_jwt`),
      ]);
    }
    requireMayActAs(actor, clientId, await currentPermissions(tx, clock, clientId));
    const before = await readClient(tx, clock, row);
    const now = clock.now();
    await updateClient(tx, clientId, {
      ...row,
      jwks: jwks ? JSON.stringify(jwks) : null,
      jwks_uri: jwksUri ?? null,
      updated_at: now,
    });
    await recordChange(tx, 'client', clientId, now);
    const after = await readClient(tx, clock, await requireClient(tx, clientId, actor));
    await recordAudit(tx, clock, actor, 'client.keys_set', clientTarget(row), before, after);
    return after;
  });
}
