import type { CreateUserPoolInput } from '@gatehouse/schemas';
import { createLogger } from '../../../src/log.js';
import { type RunningServer, startServer } from '../../../src/serve.js';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import { type BackendName, createBackend, type TestBackend } from '../../support/backends.js';
import { TestClock } from '../../support/clock.js';
import type { BackendGate, LogEntry } from '../../support/each-backend.js';
import { type MailCatcher, startMailCatcher } from '../../support/mail-catcher.js';

export const CALLBACK = 'https://shop.example.com/callback';
export const LOGOUT_URI = 'https://shop.example.com/signed-out';
/** A password no list has, the same in every test so failures are easy to read. */
export const PASSWORD = 'correct-horse-battery-9921';

/**
 * One Gatehouse over one store with a frozen clock and a real SMTP receiver, its log captured
 * line by line, and the secrets tests typed (passwords, codes, cookies) kept to prove none of
 * them reached the log.
 */
export class PoolGate implements BackendGate {
  readonly clock = new TestClock();
  readonly logs: LogEntry[] = [];
  readonly secrets: string[] = [PASSWORD];
  private current: { backend: TestBackend; server: RunningServer; mail: MailCatcher } | undefined;

  constructor(
    readonly backendName: BackendName,
    private readonly env: Record<string, string> = {},
  ) {}

  private get started() {
    if (!this.current) throw new Error('PoolGate used before its before() hook ran');
    return this.current;
  }
  get server(): RunningServer {
    return this.started.server;
  }
  get mail(): MailCatcher {
    return this.started.mail;
  }
  get gatehouse() {
    return this.server.gatehouse;
  }

  async start(): Promise<void> {
    const mail = await startMailCatcher();
    const backend = await createBackend(this.backendName);
    const config = backend.config({
      GATEHOUSE_SMTP_URL: mail.anonymousUrl,
      GATEHOUSE_MAIL_FROM: 'Shop <no-reply@shop.example.com>',
      ...this.env,
    });
    const server = await startServer(config, {
      logger: createLogger('debug', (line) => this.logs.push(JSON.parse(line) as LogEntry)),
      clock: this.clock,
    });
    this.current = { backend, server, mail };
  }

  async stop(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    if (!current) return;
    await current.server.close();
    await current.mail.close();
    await current.backend.cleanup();
  }

  /** A pool of a fresh team, with one confidential app client. */
  async pool(
    settings: Partial<CreateUserPoolInput> = {},
  ): Promise<{ poolId: string; clientId: string; base: string }> {
    const slug = `team${Math.random().toString(36).slice(2, 10)}`;
    await this.gatehouse.teams.create({ slug, name: slug }, CLI_ACTOR);
    const pool = await this.gatehouse.userPools.create(
      { name: 'Shop', team: slug, passwordPolicy: { minLength: 8 }, ...settings },
      CLI_ACTOR,
    );
    const client = await this.gatehouse.appClients.create(
      pool.id,
      { name: 'web', public: false, redirectUris: [CALLBACK], logoutUris: [LOGOUT_URI] },
      CLI_ACTOR,
    );
    if (client.clientSecret) this.secrets.push(client.clientSecret);
    return { poolId: pool.id, clientId: client.clientId, base: `${this.server.url}/pools/${pool.id}` };
  }

  /** A CONFIRMED user (or FORCE_CHANGE_PASSWORD with `temporary`). */
  async user(poolId: string, username: string, options: { temporary?: boolean; email?: string } = {}) {
    return this.gatehouse.poolUsers.create(
      poolId,
      {
        username,
        email: options.email ?? `${username}@example.com`,
        password: PASSWORD,
        ...(options.temporary ? { temporaryPassword: true } : {}),
      },
      CLI_ACTOR,
    );
  }
}
