import { CLI_ACTOR } from '@gatehouse/server';
import { generateKeyPairSync, type JsonWebKey, type KeyObject, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
// Tests only: the SDK itself never imports the server.
import { loadConfig, type RunningServer, silentLogger, startServer } from '@gatehouse/server';

type CreateClientInput = Parameters<RunningServer['gatehouse']['clients']['create']>[0];
type CreateResourceServerInput = Parameters<RunningServer['gatehouse']['resourceServers']['create']>[0];

/** A clock that moves only when told to, shared by the server and the client under test. */
export class TestClock {
  time = Date.now();
  readonly now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface RegisteredClient {
  clientId: string;
  /** Empty for private_key_jwt clients. */
  secret: string;
}

/** A real Gatehouse on a free loopback port over a throwaway SQLite store. */
export class TestGatehouse {
  readonly clock = new TestClock();
  private running: { server: RunningServer; dataDir: string } | undefined;

  get server(): RunningServer {
    if (!this.running) throw new Error('TestGatehouse used before start()');
    return this.running.server;
  }
  get issuer(): string {
    return this.server.issuer;
  }
  get tokenEndpoint(): string {
    return `${this.issuer}/oauth2/token`;
  }

  async start(): Promise<void> {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-client-test-'));
    const config = loadConfig(
      { port: '0' },
      {
        GATEHOUSE_DATA_DIR: dataDir,
        GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64'),
        GATEHOUSE_LOG_LEVEL: 'silent',
        GATEHOUSE_CHANGE_POLL_MS: '50',
      },
    );
    const server = await startServer(config, { logger: silentLogger, clock: this.clock });
    this.running = { server, dataDir };
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    await running.server.close();
    rmSync(running.dataDir, { recursive: true, force: true });
  }

  async resourceServer(input: CreateResourceServerInput): Promise<void> {
    await this.server.gatehouse.resourceServers.create(input, CLI_ACTOR);
    await this.server.runtime.poll();
  }

  async client(input: Omit<CreateClientInput, 'name'>): Promise<RegisteredClient> {
    const { client, secret } = await this.server.gatehouse.clients.create(
      { name: 'test client', ...input },
      CLI_ACTOR,
    );
    await this.server.runtime.poll();
    return { clientId: client.clientId, secret: secret?.value ?? '' };
  }
}

/**
 * One Gatehouse for the enclosing suite, with the LJ Health Food orders API registered
 * (`lj-health-food`: `place-order`, `list-orders`).
 */
export function useGatehouse(): TestGatehouse {
  const gate = new TestGatehouse();
  before(async () => {
    await gate.start();
    await gate.resourceServer({
      identifier: 'lj-health-food',
      name: 'Orders API',
      scopes: [{ name: 'place-order' }, { name: 'list-orders' }],
    });
  });
  after(() => gate.stop());
  return gate;
}

/** A key pair for private_key_jwt, with the public half as a JWK ready to register. */
export function keyPair(
  type: 'ec' | 'rsa' | 'ed25519',
  kid?: string,
): { privateKey: KeyObject; publicJwk: JsonWebKey } {
  const pair =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : type === 'ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync(type, { modulusLength: 2048 });
  const publicJwk = pair.publicKey.export({ format: 'jwk' });
  return { privateKey: pair.privateKey, publicJwk: kid === undefined ? publicJwk : { ...publicJwk, kid } };
}

/** A fetch that records every request it passes on, as `METHOD path`. */
export function recordingFetch(inner: typeof fetch = fetch): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const wrapped: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    calls.push(`${init?.method ?? (input instanceof Request ? input.method : 'GET')} ${url.pathname}`);
    return inner(input, init);
  };
  return { fetch: wrapped, calls };
}

/** Decodes a JWT payload without verifying it, for assertions on claims. */
export function claims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
