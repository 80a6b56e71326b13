import {
  type AccessRequest,
  type AccessRequestStatus,
  createAccessRequestSchema,
  decisionSchema,
  customIssue,
  toIssues,
} from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import { randomId } from '../crypto/secrets.js';
import type { Db } from '../store/db.js';
import {
  type AccessRequestDetailRow,
  decideAccessRequest,
  findAccessRequest,
  findPendingRequest,
  insertAccessRequest,
  listAccessRequests,
} from '../store/repos/access-requests.js';
import { findClient, listPermissions } from '../store/repos/clients.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit.js';
import { isMember, requireMember, requireOwner, requireScope } from './authz.js';
import { addPermissionsIn } from './client-permissions.js';
import { resolvePermissions } from './resolve-permissions.js';
import { emailsVisibleTo } from './email-visibility.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import { iso } from './views.js';

export type Box = 'inbox' | 'outbox' | 'all';

/** `showEmail` says whose emails the reader may see (see emailsVisibleTo). */
export function accessRequestView(
  r: AccessRequestDetailRow,
  showEmail: (userId: string | null) => boolean = () => true,
): AccessRequest {
  const expiresAt = r.permission_expires_at === null ? null : iso(r.permission_expires_at);
  return {
    id: r.id,
    status: r.status,
    client: {
      clientId: r.client_id,
      name: r.client_name,
      teamId: r.client_team_id,
      teamName: r.client_team_name,
    },
    resourceServer: {
      id: r.resource_server_id,
      identifier: r.rs_identifier,
      name: r.rs_name,
      teamId: r.rs_team_id,
      teamName: r.rs_team_name,
    },
    scope: r.scope,
    qualifiedScope: `${r.rs_identifier}/${r.scope}`,
    reason: r.reason,
    permissionExpiresIn: r.permission_ttl,
    permissionExpiresAt: expiresAt,
    // The old names, deprecated: scripts written against the previous release keep working.
    grantExpiresIn: r.permission_ttl,
    grantExpiresAt: expiresAt,
    // People's current names; the name recorded at the time for machine clients and the CLI.
    requestedBy: {
      id: r.requested_by,
      name: r.requester_name ?? r.requested_by_name,
      email: showEmail(r.requested_by) ? r.requester_email : null,
    },
    decidedBy:
      r.decided_by_name === null
        ? null
        : {
            id: r.decided_by,
            name: r.decider_name ?? r.decided_by_name,
            email: showEmail(r.decided_by) ? r.decider_email : null,
          },
    comment: r.comment,
    createdAt: iso(r.created_at),
    decidedAt: r.decided_at === null ? null : iso(r.decided_at),
  };
}

const target = (r: { id: string; rs_team_id?: string | null }, teamId: string | null, name: string) => ({
  type: 'access_request',
  id: r.id,
  name,
  teamId,
});

/**
 * Cross-team access without a ticket queue: the calling team asks, the owners of the API
 * decide, and an approval becomes a permission in the same transaction.
 */
export class AccessRequestService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async create(input: unknown, actor: Actor): Promise<AccessRequest> {
    requireScope(actor, 'access-requests:write');
    const parsed = createAccessRequestSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const value = parsed.data;
    const id = randomId('ar_', 10);
    await this.db.transaction(async (tx) => {
      const client = await findClient(tx, value.clientId);
      if (!client) throw new NotFoundError(`no client "${value.clientId}"`);
      requireMember(actor, client.team_id, `client "${value.clientId}"`);
      const [permission] = await resolvePermissions(tx, [value.scope], () => 'scope');
      if (!permission) throw new ValidationError([customIssue('scope', `no scope "${value.scope}"`)]);
      const now = this.clock.now();
      const held = (await listPermissions(tx, client.client_id)).some(
        (g) =>
          g.resource_server_id === permission.resourceServerId &&
          g.scope === permission.scope &&
          (g.expires_at === null || g.expires_at > now),
      );
      if (held) throw new ConflictError(`client "${client.name}" already holds "${value.scope}"`);
      if (await findPendingRequest(tx, client.client_id, permission.resourceServerId, permission.scope)) {
        throw new ConflictError(`a request for "${value.scope}" by "${client.name}" is already waiting`);
      }
      await insertAccessRequest(tx, {
        id,
        client_id: client.client_id,
        resource_server_id: permission.resourceServerId,
        scope: permission.scope,
        reason: value.reason,
        permission_ttl: value.expiresIn ?? null,
        status: 'pending',
        requested_by: actor.type === 'user' ? actor.id : null,
        requested_by_name: actor.name,
        decided_by: null,
        decided_by_name: null,
        comment: null,
        permission_expires_at: null,
        created_at: now,
        decided_at: null,
      });
      await recordAudit(
        tx,
        this.clock,
        actor,
        'access_request.create',
        target({ id }, client.team_id, value.scope),
        null,
        {
          clientId: client.client_id,
          scope: value.scope,
          reason: value.reason,
          expiresIn: value.expiresIn ?? null,
        },
      );
    });
    return this.get(id, actor);
  }

  /** Inbox: requests for my teams' APIs. Outbox: requests my teams made. Admins see all of both. */
  async list(actor: Actor, box: Box = 'all', status?: AccessRequestStatus): Promise<AccessRequest[]> {
    requireScope(actor, 'access-requests:read');
    const rows = await listAccessRequests(this.db);
    const inbox = (r: AccessRequestDetailRow) => isMember(actor, r.rs_team_id);
    const outbox = (r: AccessRequestDetailRow) => isMember(actor, r.client_team_id);
    const shown = rows
      .filter((r) => (box === 'inbox' ? inbox(r) : box === 'outbox' ? outbox(r) : inbox(r) || outbox(r)))
      .filter((r) => status === undefined || r.status === status);
    const showEmail = await emailsVisibleTo(
      this.db,
      actor,
      shown.flatMap((r) => [r.requested_by, r.decided_by]),
    );
    return shown.map((r) => accessRequestView(r, showEmail));
  }

  async approve(id: string, input: unknown, actor: Actor): Promise<AccessRequest> {
    return this.decide(id, input, actor, 'approved');
  }

  async deny(id: string, input: unknown, actor: Actor): Promise<AccessRequest> {
    return this.decide(id, input, actor, 'denied');
  }

  /** The requesting team may withdraw a request nobody has decided yet. */
  async cancel(id: string, actor: Actor): Promise<AccessRequest> {
    requireScope(actor, 'access-requests:write');
    await this.db.transaction(async (tx) => {
      const request = await this.requirePending(tx, id);
      requireMember(actor, request.client_team_id, `the request's client "${request.client_name}"`);
      await decideAccessRequest(tx, id, {
        status: 'cancelled',
        decidedBy: actor.type === 'user' ? actor.id : null,
        decidedByName: actor.name,
        comment: null,
        permissionExpiresAt: null,
        at: this.clock.now(),
      });
      await recordAudit(
        tx,
        this.clock,
        actor,
        'access_request.cancel',
        target(request, request.client_team_id, request.scope),
        { status: 'pending' },
        { status: 'cancelled' },
      );
    });
    return this.get(id, actor);
  }

  private async decide(id: string, input: unknown, actor: Actor, status: 'approved' | 'denied') {
    requireScope(actor, 'access-requests:write');
    const parsed = decisionSchema.safeParse(input ?? {});
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    await this.db.transaction(async (tx) => {
      const request = await this.requirePending(tx, id);
      requireOwner(actor, request.rs_team_id, `API "${request.rs_identifier}"`);
      const now = this.clock.now();
      const qualified = `${request.rs_identifier}/${request.scope}`;
      let permissionExpiresAt: number | null = null;
      if (status === 'approved') {
        const client = await findClient(tx, request.client_id);
        if (!client) throw new NotFoundError(`no client "${request.client_id}"`);
        await addPermissionsIn(
          tx,
          this.clock,
          client,
          [qualified],
          actor,
          request.permission_ttl ?? undefined,
          'client.grant',
          () => 'scope',
        );
        permissionExpiresAt = request.permission_ttl === null ? null : now + request.permission_ttl * 1000;
      }
      await decideAccessRequest(tx, id, {
        status,
        decidedBy: actor.type === 'user' ? actor.id : null,
        decidedByName: actor.name,
        comment: parsed.data.comment?.trim() || null,
        permissionExpiresAt,
        at: now,
      });
      await recordAudit(
        tx,
        this.clock,
        actor,
        status === 'approved' ? 'access_request.approve' : 'access_request.deny',
        target(request, request.rs_team_id, qualified),
        { status: 'pending' },
        { status, comment: parsed.data.comment ?? null, clientId: request.client_id },
      );
    });
    return this.get(id, actor);
  }

  private async requirePending(tx: Db, id: string): Promise<AccessRequestDetailRow> {
    const request = await findAccessRequest(tx, id);
    if (!request) throw new NotFoundError(`no access request "${id}"`);
    if (request.status !== 'pending')
      throw new ConflictError(`access request "${id}" is already ${request.status}`);
    return request;
  }

  private async get(id: string, actor: Actor): Promise<AccessRequest> {
    const row = await findAccessRequest(this.db, id);
    if (!row) throw new NotFoundError(`no access request "${id}"`);
    return accessRequestView(row, await emailsVisibleTo(this.db, actor, [row.requested_by, row.decided_by]));
  }
}
