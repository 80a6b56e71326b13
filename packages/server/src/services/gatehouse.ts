import { type Clock, systemClock } from '../clock.js';
import { type Config, effectiveIssuer } from '../config.js';
import { type Logger, silentLogger } from '../log.js';
import { resolveMasterKey } from './resolve-master-key.js';
import { AccessKeyService } from './access-keys/access-keys.js';
import { AccessRequestService } from './access-requests.js';
import { AuditService } from './audit.js';
import { InvitationService } from './invitations.js';
import { ClientSecretService } from './client-secrets.js';
import { ClientService } from './clients.js';
import { ConfigCodeService } from './config-code/service.js';
import { ClientRoleService } from './client-roles.js';
import { RoleService } from './roles.js';
import { PasswordHasher } from '../crypto/password-hasher.js';
import { KeyService } from './keys.js';
import type { Mailer } from './mail/mailer.js';
import { openMailer } from './mail/open-mailer.js';
import { AppClientService } from './pools/app-clients.js';
import { PoolGroupService } from './pools/pool-groups.js';
import { PoolSessionService } from './pools/pool-sessions.js';
import { PoolAuthorizationCodes } from './pools/authorization-codes.js';
import { PoolSelfService } from './pools/pool-self-service.js';
import { PoolSignIn } from './pools/pool-sign-in.js';
import { SrpBackfill } from './pools/srp-backfill.js';
import { SrpSecretBlocks } from './pools/srp-secret-block.js';
import { PoolSrpSignIn } from './pools/srp-sign-in.js';
import { SrpVerifiers } from './pools/srp-verifiers.js';
import { SignedHandles } from './pools/signed-handles.js';
import { deriveCsrfKey } from '../pools/pages/csrf.js';
import { PoolPasswords } from './pools/pool-passwords.js';
import { PoolUserService } from './pools/pool-users.js';
import { UserCodeService } from './pools/user-codes.js';
import { UserPoolService } from './pools/user-pools.js';
import { ReportService } from './reports/reports.js';
import { ResourceServerService } from './resource-servers.js';
import { SessionService } from './sessions.js';
import { SignInGuard } from './sign-in-guard.js';
import { SsoLoginService } from './sso-logins.js';
import { TeamService } from './teams.js';
import { LimitService } from './rate-limits/limit-service.js';
import { CustomClaimsService } from './custom-claims.js';
import { HookSecrets } from './token-hooks/hook-secrets.js';
import { TokenHookService } from './token-hooks/hook-service.js';
import { UsageService } from './usage.js';
import { UserService } from './users.js';
import { AccountService } from './accounts.js';
import type { Db } from '../store/db.js';
import { MeteredDb } from '../metrics/metered-db.js';
import { type Metrics, noopMetrics } from '../metrics/metrics.js';
import { checkStoreMode, openStore, type StoreMode } from '../store/open.js';

/**
 * The service layer over an open store: what the server, the CLI and the admin API share.
 * It holds no store handle: routes reach the store only through these services.
 */
export interface Gatehouse {
  clock: Clock;
  resourceServers: ResourceServerService;
  clients: ClientService;
  /** `gatehouse export|plan|apply`: the registry as a file. */
  configCode: ConfigCodeService;
  secrets: ClientSecretService;
  keys: KeyService;
  teams: TeamService;
  invitations: InvitationService;
  users: UserService;
  /** Chores on portal accounts: passwords, disabling, deleting, sessions. */
  accounts: AccountService;
  sessions: SessionService;
  accessRequests: AccessRequestService;
  /** Roles: named bundles of scopes a team's clients hold. */
  roles: RoleService;
  /** The roles each client holds, and where each of its scopes comes from. */
  clientRoles: ClientRoleService;
  /** Access keys for the Cognito wire, and the SigV4 check of the calls signed with them. */
  accessKeys: AccessKeyService;
  audit: AuditService;
  usage: UsageService;
  /** Hygiene reports: stale clients, unused scopes, secrets to rotate. */
  reports: ReportService;
  /** Per-client rate limits and daily quotas: client, team and platform defaults. */
  limits: LimitService;
  /** Static claims on clients and resource servers. */
  claims: CustomClaimsService;
  /** Resource servers' token hooks (their settings; the calls are services/token-hooks/hook-caller.ts). */
  tokenHooks: TokenHookService;
  /** Opens hooks' signing secrets for the token path. */
  hookSecrets: HookSecrets;
  ssoLogins: SsoLoginService;
  /** User-pool mail: SMTP, or `.eml` files in the data directory's outbox. */
  mailer: Mailer;
  userPools: UserPoolService;
  appClients: AppClientService;
  poolUsers: PoolUserService;
  poolGroups: PoolGroupService;
  /** People's sessions at pools' hosted pages. */
  poolSessions: PoolSessionService;
  poolPasswords: PoolPasswords;
  userCodes: UserCodeService;
  /** Password sign-in at a pool's hosted page, with its lockout. */
  poolSignIn: PoolSignIn;
  /** Cognito's USER_SRP_AUTH and PASSWORD_VERIFIER, under the same lockout as poolSignIn. */
  poolSrp: PoolSrpSignIn;
  /** Sign-up, confirmation, password reset and new-password, done by people themselves. */
  poolSelfService: PoolSelfService;
  poolAuthCodes: PoolAuthorizationCodes;
  /** Signed, expiring values the hosted pages hand the browser (pending requests, challenges). */
  poolHandles: SignedHandles;
  /** The key of the hosted pages' CSRF tokens, derived from the master key for that use only. */
  poolCsrfKey: Buffer;
  close(): Promise<void>;
}

/**
 * What opening returns: the services, and the store for the server's own wiring (its token
 * cache, housekeeping and token service are services built on it) and for tests.
 */
export interface OpenGatehouse extends Gatehouse {
  db: Db;
}

/** How the CLI names the store it opens, without a secret in it. */
export { describeStore } from '../store/open.js';

export interface OpenOptions {
  clock?: Clock;
  logger?: Logger;
  /** Replaces the mailer the configuration names (tests); closed with the rest. */
  mailer?: Mailer;
  /** `existing`: refuse to create a store (the CLI); `new`: refuse an existing one (`init`). Default `any`. */
  store?: StoreMode;
  /** Store calls timed and counted, password hashing's queue watched; nothing measured when not given. */
  metrics?: Metrics;
}

/**
 * Opens the store, applies migrations, checks the master key, and makes sure the signing
 * keys and the built-in resource server exist. Safe to run from several processes at once.
 */
export async function openGatehouse(config: Config, options: OpenOptions = {}): Promise<OpenGatehouse> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  // PostgreSQL takes its key only from the environment, so a missing one is said first. With
  // SQLite, resolving the key may create a key file, so the store is checked before that.
  const early = config.databaseUrl ? resolveMasterKey(config, logger) : undefined;
  await checkStoreMode(config, options.store ?? 'any');
  const masterKey = early ?? resolveMasterKey(config, logger);
  const metrics = options.metrics ?? noopMetrics;
  const opened = await openStore(config);
  const db: Db = metrics.enabled ? new MeteredDb(opened, metrics.store) : opened;
  try {
    const keys = new KeyService(db, clock, masterKey);
    await keys.checkMasterKey();
    await keys.ensureActiveKeys();
    const resourceServers = new ResourceServerService(db, clock);
    await resourceServers.ensureBuiltIn();
    const clients = new ClientService(db, clock, { allowHttpJwksUri: config.allowHttpJwksUri });
    const mailer = options.mailer ?? (await openMailer(config, clock, logger));
    const hasher = new PasswordHasher(config.passwordHashing);
    metrics.watchWorkPool('password_hashing', () => ({ queued: hasher.queued, inFlight: hasher.running }));
    const srpVerifiers = new SrpVerifiers(masterKey);
    const poolPasswords = new PoolPasswords(hasher, srpVerifiers);
    const hookSecrets = new HookSecrets(masterKey);
    const userCodes = new UserCodeService(db, clock, masterKey);
    const poolUsers = new PoolUserService(db, clock, poolPasswords, userCodes);
    // One lockout for every way of signing in to a pool with a password.
    const poolGuard = new SignInGuard(db, clock, config.signIn);
    // One lockout for portal sign-ins and the current-password check of a password change.
    const portalGuard = new SignInGuard(db, clock, config.signIn);
    return {
      db,
      clock,
      resourceServers,
      clients,
      configCode: new ConfigCodeService(db, clock, { allowHttpJwksUri: config.allowHttpJwksUri }),
      secrets: new ClientSecretService(db, clock),
      keys,
      teams: new TeamService(db, clock),
      invitations: new InvitationService(db, clock),
      users: new UserService(db, clock, hasher, portalGuard),
      accounts: new AccountService(db, clock, hasher, portalGuard),
      sessions: new SessionService(db, clock),
      accessRequests: new AccessRequestService(db, clock),
      roles: new RoleService(db, clock),
      clientRoles: new ClientRoleService(db, clock),
      accessKeys: new AccessKeyService(db, clock, masterKey),
      audit: new AuditService(db),
      usage: new UsageService(db, clock, clients),
      reports: new ReportService(db, clock, config.secretPolicy),
      limits: new LimitService(db, clock),
      claims: new CustomClaimsService(db, clock),
      tokenHooks: new TokenHookService(db, clock, hookSecrets),
      hookSecrets,
      ssoLogins: new SsoLoginService(db, clock),
      mailer,
      userPools: new UserPoolService(db, clock, config.region, effectiveIssuer(config)),
      appClients: new AppClientService(db, clock, masterKey),
      poolUsers,
      poolGroups: new PoolGroupService(db, clock),
      poolSessions: new PoolSessionService(db, clock),
      poolPasswords,
      userCodes,
      poolSignIn: new PoolSignIn(
        poolUsers,
        poolPasswords,
        poolGuard,
        new SrpBackfill(db, srpVerifiers, logger),
      ),
      poolSrp: new PoolSrpSignIn(
        db,
        clock,
        poolUsers,
        srpVerifiers,
        new SrpSecretBlocks(masterKey, clock),
        poolGuard,
        logger,
        poolPasswords,
      ),
      poolSelfService: new PoolSelfService(db, clock, poolUsers, poolPasswords, userCodes, mailer, logger),
      poolAuthCodes: new PoolAuthorizationCodes(db, clock),
      poolHandles: new SignedHandles(masterKey, clock),
      poolCsrfKey: deriveCsrfKey(masterKey),
      close: async () => {
        await mailer.close();
        await hasher.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
