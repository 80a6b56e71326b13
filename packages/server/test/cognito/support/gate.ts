import { createHmac } from 'node:crypto';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type {
  CreateAppClientInput,
  CreatedAppClient,
  CreatePoolUserInput,
  CreateUserPoolInput,
  PoolUser,
} from '@gatehouse/schemas';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { createLogger } from '../../../src/log.js';
import { type RunningServer, startServer } from '../../../src/serve.js';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import type { OpenGatehouse } from '../../../src/services/gatehouse.js';
import { type BackendName, createBackend, type TestBackend } from '../../support/backends.js';
import { TestClock } from '../../support/clock.js';
import type { BackendGate, LogEntry } from '../../support/each-backend.js';
import { CapturedMail } from './captured-mail.js';

export const CALLBACK = 'https://app.example.com/callback';
/** The flows the test clients allow: what an app signing people in through the API turns on. */
export const API_FLOWS = ['USER_PASSWORD_AUTH', 'USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH'] as const;

type PoolSettingsInput =
  Partial<CreateUserPoolInput> | ((gatehouse: OpenGatehouse) => Promise<Partial<CreateUserPoolInput>>);

/** Credentials the SDK signs with; public operations ignore the signature, as Cognito does. */
export const UNUSED_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/**
 * A real server on one store with a frozen clock and captured mail, a pool people may sign
 * up to, a public app client and one with a secret, and an AWS SDK v3 client pointed at it.
 */
export class CognitoGate implements BackendGate {
  readonly clock: TestClock;
  readonly logs: LogEntry[] = [];
  readonly secrets: string[] = [];
  readonly mail = new CapturedMail();
  backend!: TestBackend;
  server!: RunningServer;
  poolId = '';
  /** No secret. */
  spa!: CreatedAppClient;
  /** With a secret: every public operation needs SECRET_HASH. */
  backendClient!: CreatedAppClient & { clientSecret: string };
  sdk!: CognitoIdentityProviderClient;

  constructor(
    readonly backendName: BackendName,
    /** The pool's settings, or a function that prepares what they name (a team) and returns them. */
    private readonly poolSettings: PoolSettingsInput = {},
  ) {
    this.clock = new TestClock();
  }

  get issuer(): string {
    return `${this.server.issuer}/pools/${this.poolId}`;
  }

  async start(): Promise<void> {
    this.backend = await createBackend(this.backendName);
    this.server = await startServer(this.backend.config(), {
      logger: createLogger('debug', (line) => this.logs.push(JSON.parse(line) as LogEntry)),
      clock: this.clock,
      mailer: this.mail,
    });
    const poolSettings =
      typeof this.poolSettings === 'function'
        ? await this.poolSettings(this.server.gatehouse)
        : this.poolSettings;
    const pool = await this.server.gatehouse.userPools.create(
      { name: 'Shop', selfSignUp: true, ...poolSettings },
      CLI_ACTOR,
    );
    this.poolId = pool.id;
    const settings = { explicitAuthFlows: [...API_FLOWS] };
    this.spa = await this.appClient({ name: 'spa', public: true, redirectUris: [CALLBACK], settings });
    this.backendClient = (await this.appClient({
      name: 'backend',
      public: false,
      redirectUris: [CALLBACK],
      settings,
    })) as CreatedAppClient & { clientSecret: string };
    this.sdk = this.client();
  }

  async stop(): Promise<void> {
    this.sdk?.destroy();
    await this.server?.close();
    await this.backend?.cleanup();
  }

  /** An AWS SDK client pointed at this server, as an application would configure it. */
  client(): CognitoIdentityProviderClient {
    return new CognitoIdentityProviderClient({
      endpoint: this.server.url,
      region: 'local',
      credentials: UNUSED_CREDENTIALS,
      maxAttempts: 1,
    });
  }

  async appClient(input: CreateAppClientInput): Promise<CreatedAppClient> {
    const created = await this.server.gatehouse.appClients.create(this.poolId, input, CLI_ACTOR);
    if (created.clientSecret) this.secrets.push(created.clientSecret);
    await this.server.runtime.poll();
    return created;
  }

  /** A CONFIRMED user with an email, made by an admin. */
  async user(
    username: string,
    password: string,
    extra: Partial<CreatePoolUserInput> = {},
  ): Promise<PoolUser> {
    return this.server.gatehouse.poolUsers.create(
      this.poolId,
      { username, password, email: `${username}@example.com`, emailVerified: true, ...extra },
      CLI_ACTOR,
    );
  }

  /** USER_PASSWORD_AUTH through the public client; the AuthenticationResult. */
  async signIn(username: string, password: string) {
    const out = await this.sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: this.spa.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
    if (!out.AuthenticationResult) throw new Error(`no tokens: ${JSON.stringify(out)}`);
    return out.AuthenticationResult as Required<NonNullable<typeof out.AuthenticationResult>>;
  }

  /** Verifies a token with jose against the pool's published JWKS, at the frozen clock's time. */
  async verify(token: string): Promise<JWTPayload> {
    const jwks = createRemoteJWKSet(new URL(`${this.issuer}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(token, jwks, {
      issuer: this.issuer,
      currentDate: new Date(this.clock.now()),
    });
    return payload;
  }

  /** SECRET_HASH for the client with a secret. */
  secretHash(username: string): string {
    const { clientId, clientSecret } = this.backendClient;
    return createHmac('sha256', clientSecret)
      .update(username + clientId)
      .digest('base64');
  }

  /** A raw request on the wire, for what the SDK would never send. */
  async post(
    body: string | Buffer,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; headers: Headers; json: Record<string, unknown> | undefined; text: string }> {
    const response = await fetch(`${this.server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', ...headers },
      body,
    });
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  }
}

/** The X-Amz-Target of an operation. */
export const target = (operation: string) => ({
  'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
});
