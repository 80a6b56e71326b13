import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import type { CreateClientInput, CreateResourceServerInput, ResourceServer } from '@gatehouse/schemas';
import { createRemoteJWKSet, type JWTVerifyResult, jwtVerify, type ResolvedKey } from 'jose';
import * as oauth from 'oauth4webapi';
import { createLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import { type BackendName, createBackend, type TestBackend } from '../support/backends.js';
import { eachBackend, type LogEntry } from '../support/each-backend.js';
import { TestClock } from '../support/clock.js';

/** Tests talk plain http to loopback only. */
export const INSECURE = { [oauth.allowInsecureRequests]: true } as const;

export interface GateOptions {
  env?: Record<string, string>;
  /** Where the frozen clock starts; the support default (2026-01-01) otherwise. */
  startAt?: number;
}

export type { LogEntry } from '../support/each-backend.js';

export interface RegisteredClient {
  clientId: string;
  /** Present for secret-based clients. */
  secret: string;
  secretId: string;
  /** The oauth4webapi view of the client. */
  client: oauth.Client;
}

/**
 * One Gatehouse over one backend, with a frozen clock, started in `before` and torn down in
 * `after` of the enclosing describe. Registration goes through the services and then forces a
 * change-log poll, so the token path sees it at once.
 */
export class Gate {
  readonly clock: TestClock;
  /** Every line the server logged, at every level, parsed. */
  readonly logs: LogEntry[] = [];
  /** Every client secret issued through `client()`, to prove none of them is ever logged. */
  readonly secrets: string[] = [];
  private current: { backend: TestBackend; server: RunningServer; as: oauth.AuthorizationServer } | undefined;

  constructor(
    readonly backendName: BackendName,
    private readonly options: GateOptions = {},
  ) {
    this.clock = new TestClock(options.startAt);
  }

  private get started() {
    if (!this.current) throw new Error('Gate used before its before() hook ran');
    return this.current;
  }

  get backend(): TestBackend {
    return this.started.backend;
  }
  get server(): RunningServer {
    return this.started.server;
  }
  /** The discovered authorization server metadata, as oauth4webapi sees it. */
  get as(): oauth.AuthorizationServer {
    return this.started.as;
  }
  get issuer(): string {
    return this.server.issuer;
  }
  get tokenEndpoint(): string {
    return `${this.issuer}/oauth2/token`;
  }
  get introspectionEndpoint(): string {
    return `${this.issuer}/oauth2/introspect`;
  }
  get revocationEndpoint(): string {
    return `${this.issuer}/oauth2/revoke`;
  }

  async start(): Promise<void> {
    const backend = await createBackend(this.backendName);
    const server = await this.launch(backend);
    this.current = { backend, server, as: await discover(server.issuer) };
  }

  /**
   * Stops the server and starts a new process-worth of it on the same store, master key, clock and
   * port, so the issuer (which follows the port here) stays the same, as a configured one would.
   */
  async restart(): Promise<void> {
    const { backend, server } = this.started;
    const port = Number(new URL(server.url).port);
    await server.close();
    const next = await this.launch(backend, port);
    this.current = { backend, server: next, as: this.started.as };
    assert.equal(next.issuer, server.issuer);
    // fetch may still hold a pooled keep-alive socket to the old server on this very address;
    // give it a moment to see the close, as any client of a restarted server would.
    for (let attempt = 1; ; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      try {
        this.current.as = await discover(next.issuer);
        return;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  }

  async stop(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    if (!current) return;
    await current.server.close();
    await current.backend.cleanup();
  }

  private launch(backend: TestBackend, port?: number): Promise<RunningServer> {
    const config = backend.config(this.options.env);
    return startServer(port === undefined ? config : { ...config, port }, {
      logger: createLogger('debug', (line) => this.logs.push(JSON.parse(line) as LogEntry)),
      clock: this.clock,
    });
  }

  /** Log entries at or above `level` since the server started. */
  logged(level: 'warn' | 'error'): LogEntry[] {
    const rank: Record<string, number> = { debug: 0, info: 1, warn: 2, error: 3 };
    return this.logs.filter((entry) => (rank[entry.level] ?? 3) >= (rank[level] ?? 3));
  }

  async resourceServer(input: CreateResourceServerInput): Promise<ResourceServer> {
    const created = await this.server.gatehouse.resourceServers.create(input, CLI_ACTOR);
    await this.server.runtime.poll();
    return created;
  }

  async client(input: Omit<CreateClientInput, 'name'> & { name?: string }): Promise<RegisteredClient> {
    const { client, secret } = await this.server.gatehouse.clients.create(
      { name: 'test client', ...input },
      CLI_ACTOR,
    );
    await this.server.runtime.poll();
    if (secret) this.secrets.push(secret.value);
    return {
      clientId: client.clientId,
      secret: secret?.value ?? '',
      secretId: secret?.id ?? '',
      client: { client_id: client.clientId },
    };
  }

  async setEnabled(clientId: string, enabled: boolean): Promise<void> {
    await this.server.gatehouse.clients.setEnabled(clientId, enabled, CLI_ACTOR);
    await this.server.runtime.poll();
  }

  /** Client credentials grant through oauth4webapi; throws oauth4webapi's error on an error answer. */
  async token(
    registered: RegisteredClient,
    params: Record<string, string> | string[][] = {},
    auth: oauth.ClientAuth = oauth.ClientSecretBasic(registered.secret),
  ): Promise<oauth.TokenEndpointResponse> {
    const response = await oauth.clientCredentialsGrantRequest(
      this.as,
      registered.client,
      auth,
      params,
      INSECURE,
    );
    return oauth.processClientCredentialsResponse(this.as, registered.client, response);
  }

  /** Verifies an access token with jose against the published JWKS, at the frozen clock's time. */
  async verify(token: string, audience: string): Promise<JWTVerifyResult & ResolvedKey> {
    const jwks = createRemoteJWKSet(new URL(String(this.as.jwks_uri)), {
      cooldownDuration: 0,
      cacheMaxAge: 0,
    });
    return jwtVerify(token, jwks, {
      issuer: this.issuer,
      audience,
      typ: 'at+jwt',
      currentDate: new Date(this.clock.now()),
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id', 'scope'],
    });
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

export async function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  const response = await oauth.discoveryRequest(url, { algorithm: 'oauth2', ...INSECURE });
  return oauth.processDiscoveryResponse(url, response);
}

/**
 * Declares `title` once per storage backend, each with its own Gatehouse (see Gate),
 * started before and cleaned up after that backend's tests.
 */
export function describeEachBackend(
  title: string,
  body: (gate: Gate) => void,
  options: GateOptions = {},
): void {
  eachBackend(title, (name) => new Gate(name, options), body);
}

export interface WireAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: Record<string, unknown> | null;
}

/** A raw HTTP request, for answers a compliant client library would never provoke. */
export async function send(url: string, init: RequestInit = {}): Promise<WireAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    // not JSON: the caller reads `text`
  }
  return { status: response.status, headers: response.headers, text, body };
}

export function form(params: Record<string, string | string[]> | [string, string][]): URLSearchParams {
  const out = new URLSearchParams();
  const entries = Array.isArray(params) ? params : Object.entries(params);
  for (const [name, value] of entries)
    for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
  return out;
}

/** POSTs a form body, the way an OAuth client does, with optional extra headers. */
export function postForm(
  url: string,
  params: Record<string, string | string[]> | [string, string][],
  headers: Record<string, string> = {},
): Promise<WireAnswer> {
  return send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: form(params).toString(),
  });
}

export function basic(clientId: string, secret: string): Record<string, string> {
  const encode = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
  return {
    authorization: `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`,
  };
}

/**
 * The exact shape of every protocol error: the status, a JSON body of `error` and a non-empty
 * `error_description` and nothing else, never a stack trace, never cached, and for 401 a
 * `WWW-Authenticate` challenge.
 */
export function assertOAuthError(answer: WireAnswer, status: number, error: string): void {
  assert.equal(answer.status, status, `expected ${status} ${error}, got ${answer.status} ${answer.text}`);
  assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
  assert.ok(answer.body, `body is not a JSON object: ${answer.text}`);
  assert.deepEqual(Object.keys(answer.body).sort(), ['error', 'error_description']);
  assert.equal(answer.body.error, error, answer.text);
  assert.equal(typeof answer.body.error_description, 'string');
  assert.notEqual(answer.body.error_description, '');
  assert.doesNotMatch(answer.text, /\bat .+:\d+:\d+|node:internal|\/src\//, 'no stack trace or source paths');
  assert.match(answer.headers.get('cache-control') ?? '', /no-store/);
  if (status === 401) assert.match(answer.headers.get('www-authenticate') ?? '', /^Basic realm="[^"]+"/);
}

/**
 * oauth4webapi reports an error answer as ResponseBodyError, or, for a 401 with a challenge, as
 * WWWAuthenticateChallengeError (whose body it leaves unread); this checks status and code of either.
 */
export async function rejectsWith(promise: Promise<unknown>, status: number, error: string): Promise<void> {
  let thrown: unknown;
  try {
    await promise;
  } catch (caught) {
    thrown = caught;
  }
  if (thrown instanceof oauth.ResponseBodyError) {
    assert.equal(thrown.status, status);
    assert.equal(thrown.error, error);
    return;
  }
  if (thrown instanceof oauth.WWWAuthenticateChallengeError) {
    assert.equal(thrown.status, status);
    assert.equal(thrown.cause[0]?.scheme, 'basic');
    const body = (await thrown.response.json()) as Record<string, unknown>;
    assert.equal(body.error, error);
    return;
  }
  assert.fail(`expected an OAuth error answer ${status} ${error}, got ${String(thrown)}`);
}
