import type { Claims, ClaimsView } from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { findClient } from '../store/repos/clients.js';
import {
  decodeClaims,
  setClientClaims,
  setResourceServerClaims,
  type StoredClaims,
} from '../store/repos/custom-claims.js';
import { findResourceServer } from '../store/repos/resource-servers.js';
import type { ResourceServerRow } from '../store/repos/rows.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit.js';
import { isMember, requireMember, requireScope } from './authz.js';
import { validateClaims } from './claim-rules.js';
import { clientTarget } from './client-records.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors.js';

/** What to do to a set of claims: replace it whole (the API), or set and unset some keys (the CLI). */
export type ClaimsEdit = { replace: Claims } | { set: Claims; unset: readonly string[] };

export const resourceServerTarget = (row: ResourceServerRow) => ({
  type: 'resource_server',
  id: row.id,
  name: row.identifier,
  teamId: row.team_id,
});

function edited(before: StoredClaims | null, edit: ClaimsEdit): Claims {
  if ('replace' in edit) return { ...edit.replace };
  const next: Claims = { ...before, ...edit.set };
  for (const key of edit.unset) delete next[key];
  return next;
}

/** Refuses claims that break the rules, before anything is written. */
export function assertValidClaims(claims: unknown): void {
  const issues = validateClaims(claims, 'claims');
  if (issues.length > 0) throw new ValidationError(issues);
}

/**
 * Static claims on clients and resource servers: added to every machine token the client is
 * issued, or issued for the resource server. A team's members edit their own team's; each
 * change is audited with before and after, and reaches every instance's token path through
 * the change log (a `client` or `resource_server` change).
 */
export class CustomClaimsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async forClient(clientId: string, actor: Actor): Promise<ClaimsView> {
    requireScope(actor, 'clients:read');
    const row = await findClient(this.db, clientId);
    if (!row) throw new NotFoundError(`no client "${clientId}"`);
    if (!isMember(actor, row.team_id)) {
      throw new ForbiddenError(`client "${clientId}" belongs to another team`);
    }
    return { claims: { ...decodeClaims(row.claims) }, canEdit: true };
  }

  async updateClient(clientId: string, edit: ClaimsEdit, actor: Actor): Promise<ClaimsView> {
    requireScope(actor, 'clients:write');
    return this.db.transaction(async (tx) => {
      const row = await findClient(tx, clientId);
      if (!row) throw new NotFoundError(`no client "${clientId}"`);
      requireMember(actor, row.team_id, `client "${clientId}"`);
      const before = decodeClaims(row.claims);
      const after = edited(before, edit);
      assertValidClaims(after);
      await setClientClaims(tx, clientId, after, this.clock.now());
      await recordAudit(
        tx,
        this.clock,
        actor,
        'client.claims.update',
        clientTarget(row),
        before ?? {},
        after,
      );
      return { claims: after, canEdit: true };
    });
  }

  async forResourceServer(idOrIdentifier: string, actor: Actor): Promise<ClaimsView> {
    requireScope(actor, 'resource-servers:read');
    const row = await requireResourceServer(this.db, idOrIdentifier);
    if (!isMember(actor, row.team_id)) {
      throw new ForbiddenError(`resource server "${row.identifier}" belongs to another team`);
    }
    return { claims: { ...decodeClaims(row.claims) }, canEdit: row.built_in === 0 };
  }

  async updateResourceServer(idOrIdentifier: string, edit: ClaimsEdit, actor: Actor): Promise<ClaimsView> {
    requireScope(actor, 'resource-servers:write');
    return this.db.transaction(async (tx) => {
      const row = await requireResourceServer(tx, idOrIdentifier);
      requireMember(actor, row.team_id, `resource server "${row.identifier}"`);
      requireNotBuiltIn(row);
      const before = decodeClaims(row.claims);
      const after = edited(before, edit);
      assertValidClaims(after);
      await setResourceServerClaims(tx, row.id, after, this.clock.now());
      const target = resourceServerTarget(row);
      await recordAudit(tx, this.clock, actor, 'resource_server.claims.update', target, before ?? {}, after);
      return { claims: after, canEdit: true };
    });
  }
}

export async function requireResourceServer(db: Db, idOrIdentifier: string): Promise<ResourceServerRow> {
  const row = await findResourceServer(db, idOrIdentifier);
  if (!row) throw new NotFoundError(`no resource server "${idOrIdentifier}"`);
  return row;
}

/** Gatehouse's own API reads its tokens itself: neither claims nor a hook belong on them. */
export function requireNotBuiltIn(row: ResourceServerRow): void {
  if (row.built_in === 1) {
    throw new ConflictError(`"${row.identifier}" is built in; its tokens take no custom claims or hook`);
  }
}
