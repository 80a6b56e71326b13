import type { SetTokenHookInput, TokenHook, TokenHookView, TokenHookWithSecret } from '@gatehouse/schemas';
import { HOOK_TIMEOUT_DEFAULT_MS, setTokenHookSchema, toIssues } from '@gatehouse/schemas';
import type { Clock } from '../../clock.js';
import type { Db } from '../../store/db.js';
import {
  deleteTokenHook,
  getTokenHook,
  putTokenHook,
  type TokenHookRow,
} from '../../store/repos/token-hooks.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit.js';
import { isMember, requireMember, requireScope } from '../authz.js';
import { requireNotBuiltIn, requireResourceServer, resourceServerTarget } from '../custom-claims.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { type HookSecrets, newHookSecret } from './hook-secrets.js';

const view = (row: TokenHookRow): TokenHook => ({
  resourceServerId: row.resource_server_id,
  url: row.url,
  timeoutMs: Number(row.timeout_ms),
  failMode: row.fail_mode,
  createdAt: new Date(Number(row.created_at)).toISOString(),
  updatedAt: new Date(Number(row.updated_at)).toISOString(),
});

/** What the audit log keeps of a hook: everything but the secret. */
const audited = (row: TokenHookRow | undefined) =>
  row ? { url: row.url, timeoutMs: Number(row.timeout_ms), failMode: row.fail_mode } : null;

/**
 * A resource server's token hook: the HTTPS endpoint Gatehouse asks for extra claims before it
 * signs a token for that API. The signing secret is Gatehouse's to make (256 bits), shown once
 * when the hook is created or the secret rotated, and sealed at rest. Every change is audited
 * (`resource_server.hook.update`, never with the secret) and drops the answers cached from the
 * old hook on every instance.
 */
export class TokenHookService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly secrets: HookSecrets,
  ) {}

  async get(idOrIdentifier: string, actor: Actor): Promise<TokenHookView> {
    requireScope(actor, 'resource-servers:read');
    const rs = await requireResourceServer(this.db, idOrIdentifier);
    if (!isMember(actor, rs.team_id)) {
      throw new ForbiddenError(`resource server "${rs.identifier}" belongs to another team`);
    }
    const row = await getTokenHook(this.db, rs.id);
    return { hook: row ? view(row) : null, canEdit: rs.built_in === 0 };
  }

  /**
   * Creates the hook (answering its new secret) or changes it (the secret stays; parts left
   * out keep their value, or take the defaults on creation).
   */
  async set(idOrIdentifier: string, input: SetTokenHookInput, actor: Actor): Promise<TokenHookWithSecret> {
    requireScope(actor, 'resource-servers:write');
    const parsed = setTokenHookSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    return this.db.transaction(async (tx) => {
      const rs = await requireResourceServer(tx, idOrIdentifier);
      requireMember(actor, rs.team_id, `resource server "${rs.identifier}"`);
      requireNotBuiltIn(rs);
      const before = await getTokenHook(tx, rs.id);
      const now = this.clock.now();
      const secret = before ? undefined : newHookSecret();
      const row: TokenHookRow = {
        resource_server_id: rs.id,
        url: parsed.data.url,
        secret: secret === undefined ? (before as TokenHookRow).secret : this.secrets.seal(rs.id, secret),
        timeout_ms: parsed.data.timeoutMs ?? Number(before?.timeout_ms ?? HOOK_TIMEOUT_DEFAULT_MS),
        fail_mode: parsed.data.failMode ?? before?.fail_mode ?? 'closed',
        created_at: Number(before?.created_at ?? now),
        updated_at: now,
      };
      await putTokenHook(tx, row);
      const after = { ...audited(row), ...(secret ? { secretIssued: true } : {}) };
      await recordAudit(
        tx,
        this.clock,
        actor,
        'resource_server.hook.update',
        resourceServerTarget(rs),
        audited(before),
        after,
      );
      return secret === undefined ? { hook: view(row) } : { hook: view(row), secret };
    });
  }

  /** A new secret; the old one stops signing at once (the hook should accept both while it deploys the new). */
  async rotateSecret(idOrIdentifier: string, actor: Actor): Promise<TokenHookWithSecret> {
    requireScope(actor, 'resource-servers:write');
    return this.db.transaction(async (tx) => {
      const rs = await requireResourceServer(tx, idOrIdentifier);
      requireMember(actor, rs.team_id, `resource server "${rs.identifier}"`);
      const before = await getTokenHook(tx, rs.id);
      if (!before) throw new NotFoundError(`resource server "${rs.identifier}" has no token hook`);
      const secret = newHookSecret();
      const row = { ...before, secret: this.secrets.seal(rs.id, secret), updated_at: this.clock.now() };
      await putTokenHook(tx, row);
      const target = resourceServerTarget(rs);
      const after = { ...audited(row), secretRotated: true };
      await recordAudit(tx, this.clock, actor, 'resource_server.hook.update', target, audited(before), after);
      return { hook: view(row), secret };
    });
  }

  async clear(idOrIdentifier: string, actor: Actor): Promise<TokenHookView> {
    requireScope(actor, 'resource-servers:write');
    return this.db.transaction(async (tx) => {
      const rs = await requireResourceServer(tx, idOrIdentifier);
      requireMember(actor, rs.team_id, `resource server "${rs.identifier}"`);
      const before = await getTokenHook(tx, rs.id);
      if (before && (await deleteTokenHook(tx, rs.id, this.clock.now()))) {
        const target = resourceServerTarget(rs);
        await recordAudit(
          tx,
          this.clock,
          actor,
          'resource_server.hook.update',
          target,
          audited(before),
          null,
        );
      }
      return { hook: null, canEdit: rs.built_in === 0 };
    });
  }
}
