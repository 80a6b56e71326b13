import * as assert from 'node:assert/strict';
import type {
  Client,
  CreateResourceServerInput,
  Invitation,
  Member,
  ResourceServer,
  Team,
  TeamDetail,
} from '@gatehouse/schemas';
import { createLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import { type BackendName, createBackend, type TestBackend } from '../support/backends.js';
import { eachBackend, type LogEntry } from '../support/each-backend.js';
import { TestClock } from '../support/clock.js';
import { basicAuth, postForm } from '../support/server.js';
import { ApiSession, ok } from './session.js';

export type { LogEntry } from '../support/each-backend.js';

export const ADMIN_EMAIL = 'root@gatehouse.test';
export const ADMIN_PASSWORD = 'root password, long enough';
/** The password of every account a test creates through the API. */
export const PASSWORD = 'member password, long enough';

export {
  type ApiAnswer,
  ApiSession,
  assertApiError,
  assertTokenError,
  issuePaths,
  type Json,
  ok,
  type SendOptions,
  USER_AGENT,
} from './session.js';

export interface AdminGateOptions {
  /** Default true: GATEHOUSE_ADMIN_EMAIL/PASSWORD create the first admin, and `admin` is signed in. */
  bootstrapAdmin?: boolean;
  env?: Record<string, string>;
}

/** One Gatehouse on one backend with a frozen clock, driven over HTTP like the portal does. */
export class AdminGate {
  readonly clock = new TestClock();
  readonly logs: LogEntry[] = [];
  /** Every client secret handed out, to prove none reaches a log line. */
  readonly secrets: string[] = [];
  private current: { backend: TestBackend; server: RunningServer; admin: ApiSession | undefined } | undefined;

  constructor(
    readonly backendName: BackendName,
    private readonly options: AdminGateOptions = {},
  ) {}

  private get started() {
    if (!this.current) throw new Error('AdminGate used before its before() hook ran');
    return this.current;
  }
  get server(): RunningServer {
    return this.started.server;
  }
  get url(): string {
    return this.server.url;
  }
  get backend(): TestBackend {
    return this.started.backend;
  }
  /** The bootstrap platform admin, signed in. */
  get admin(): ApiSession {
    const admin = this.started.admin;
    assert.ok(admin, 'this gate has no bootstrap admin');
    return admin;
  }

  async start(): Promise<void> {
    const backend = await createBackend(this.backendName);
    const bootstrap = this.options.bootstrapAdmin ?? true;
    const env = {
      ...(bootstrap ? { GATEHOUSE_ADMIN_EMAIL: ADMIN_EMAIL, GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD } : {}),
      ...this.options.env,
    };
    const server = await startServer(backend.config(env), {
      logger: createLogger('debug', (line) => this.logs.push(JSON.parse(line) as LogEntry)),
      clock: this.clock,
    });
    this.current = { backend, server, admin: undefined };
    if (bootstrap) this.current.admin = await this.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  }

  /** Signs the admin in afresh, after the clock moved past the session's idle limit. */
  async renewAdmin(): Promise<ApiSession> {
    this.started.admin = await this.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    return this.started.admin;
  }

  async stop(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    if (!current) return;
    await current.server.close();
    await current.backend.cleanup();
  }

  session(bearer?: string): ApiSession {
    return new ApiSession(this.url, bearer);
  }

  async signIn(email: string, password = PASSWORD): Promise<ApiSession> {
    const session = this.session();
    ok(await session.login(email, password));
    return session;
  }

  /** A local account made by the admin through the API, signed in. */
  async user(email: string, options: { isAdmin?: boolean } = {}): Promise<ApiSession> {
    const name = email.split('@')[0] ?? email;
    ok(await this.admin.post('/api/v1/users', { email, name, password: PASSWORD, ...options }), 201);
    return this.signIn(email);
  }

  async team(owner: ApiSession, slug: string): Promise<Team> {
    return ok(await owner.post<Team>('/api/v1/teams', { slug, name: `Team ${slug}` }), 201);
  }

  /** Membership the way people get it: an owner invites, the invitee signs in and accepts. */
  async addMember(owner: ApiSession, teamId: string, email: string, role = 'member'): Promise<Member> {
    const invitation = ok(
      await owner.post<Invitation>(`/api/v1/teams/${teamId}/invitations`, { email, role }),
      201,
    );
    const invitee = await this.signIn(email);
    ok(await invitee.post(`/api/v1/invitations/${invitation.id}/accept`));
    const team = ok(await owner.get<TeamDetail>(`/api/v1/teams/${teamId}`));
    const member = team.members.find((m) => m.userId === invitee.userId);
    assert.ok(member, `${email} did not join`);
    return member;
  }

  async resourceServer(
    as: ApiSession,
    teamId: string,
    input: CreateResourceServerInput,
  ): Promise<ResourceServer> {
    const created = ok(await as.post<ResourceServer>('/api/v1/resource-servers', { teamId, ...input }), 201);
    await this.sync();
    return created;
  }

  async client(
    as: ApiSession,
    teamId: string,
    input: { name?: string; scopes?: string[] } & Record<string, unknown> = {},
  ): Promise<{ client: Client; secret: string; secretId: string }> {
    const body = ok(await as.post('/api/v1/clients', { name: 'test client', teamId, ...input }), 201);
    await this.sync();
    const secret = body.secret as { id: string; secret: string } | null;
    if (secret) this.secrets.push(secret.secret);
    return { client: body.client as Client, secret: secret?.secret ?? '', secretId: secret?.id ?? '' };
  }

  /** Makes the token path see registry changes now rather than at the next poll. */
  sync(): Promise<void> {
    return this.server.runtime.poll();
  }

  /** A client credentials token request, as a real client makes it. */
  token(clientId: string, secret: string, scope: string) {
    return postForm(
      `${this.url}/oauth2/token`,
      { grant_type: 'client_credentials', scope },
      basicAuth(clientId, secret),
    );
  }

  /** An automation session: a gatehouse-admin access token for the client. */
  async bearer(clientId: string, secret: string, scopes: string[]): Promise<ApiSession> {
    const answer = await this.token(clientId, secret, scopes.map((s) => `gatehouse-admin/${s}`).join(' '));
    assert.equal(answer.status, 200, answer.text);
    return this.session(String(answer.body?.access_token));
  }

  /** Runs `body` with the clock moved forward, and puts it back afterwards. */
  async withClockAdvanced<T>(ms: number, body: () => Promise<T>): Promise<T> {
    const saved = this.clock.now();
    this.clock.advance(ms);
    try {
      return await body();
    } finally {
      this.clock.set(saved);
    }
  }
}

/** Declares `title` once per backend, each with its own AdminGate. */
export function describeEachBackend(
  title: string,
  body: (gate: AdminGate) => void,
  options: AdminGateOptions = {},
): void {
  eachBackend(title, (name) => new AdminGate(name, options), body);
}
