import { CLI_ACTOR } from '@gatehouse/server';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Gatehouse,
  loadConfig,
  type OpenGatehouse,
  type RunningServer,
  silentLogger,
  startServer,
} from '@gatehouse/server';

type ResourceServerInput = Parameters<Gatehouse['resourceServers']['create']>[0];
type ClientInput = Parameters<Gatehouse['clients']['create']>[0];

export interface TestClient {
  clientId: string;
  secret: string;
}

/** The real clock, shifted by `offsetMs`: tokens minted in the past or the future are real tokens. */
export class ShiftedClock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
}

/**
 * A real Gatehouse (SQLite, temp directory, free loopback port) and the few things the tests
 * do with it: register, mint tokens, revoke, disable, rotate keys.
 */
export class TestGatehouse {
  private constructor(
    readonly server: RunningServer,
    readonly clock: ShiftedClock,
    private readonly dataDir: string,
  ) {}

  /**
   * `env` adds or overrides GATEHOUSE_* settings. `inMemoryDisk` puts the store on tmpfs where
   * there is one, for tests whose point is thousands of writes, not their fsyncs.
   */
  static async start(
    env: Record<string, string> = {},
    { inMemoryDisk = false }: { inMemoryDisk?: boolean } = {},
  ): Promise<TestGatehouse> {
    const base = inMemoryDisk && existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
    const dataDir = mkdtempSync(join(base, 'gatehouse-verify-'));
    const config = loadConfig(
      { port: '0' },
      {
        GATEHOUSE_DATA_DIR: dataDir,
        GATEHOUSE_LOG_LEVEL: 'silent',
        GATEHOUSE_CHANGE_POLL_MS: '50',
        ...env,
      },
    );
    const clock = new ShiftedClock();
    const server = await startServer(config, { logger: silentLogger, clock });
    return new TestGatehouse(server, clock, dataDir);
  }

  get issuer(): string {
    return this.server.issuer;
  }

  get services(): OpenGatehouse {
    return this.server.gatehouse;
  }

  async resourceServer(input: ResourceServerInput): Promise<void> {
    await this.services.resourceServers.create(input, CLI_ACTOR);
    await this.server.runtime.poll();
  }

  async client(scopes: string[], extra: Partial<ClientInput> = {}): Promise<TestClient> {
    const { client, secret } = await this.services.clients.create(
      { name: 'verify test', scopes, ...extra },
      CLI_ACTOR,
    );
    await this.server.runtime.poll();
    return { clientId: client.clientId, secret: secret?.value ?? '' };
  }

  /** A client credentials token; `resource` and `scope` as the token endpoint takes them. */
  async token(client: TestClient, params: { resource?: string; scope?: string } = {}): Promise<string> {
    const response = await fetch(`${this.issuer}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(client) },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...params }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (response.status !== 200 || !body.access_token) {
      throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
    }
    return body.access_token;
  }

  /** A token minted while the server's clock is shifted by `offsetMs`. */
  async tokenAt(
    offsetMs: number,
    client: TestClient,
    params: { resource?: string; scope?: string },
  ): Promise<string> {
    this.clock.offsetMs = offsetMs;
    try {
      return await this.token(client, params);
    } finally {
      this.clock.offsetMs = 0;
    }
  }

  /** RFC 7009 revocation through the server's endpoint, as the client would. */
  async revoke(client: TestClient, token: string): Promise<void> {
    const response = await fetch(`${this.issuer}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(client) },
      body: new URLSearchParams({ token }),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`revocation failed: ${response.status}`);
  }

  async setEnabled(clientId: string, enabled: boolean): Promise<void> {
    await this.services.clients.setEnabled(clientId, enabled, CLI_ACTOR);
    await this.server.runtime.poll();
  }

  async rotate(alg: 'ES256' | 'RS256' | 'EdDSA'): Promise<void> {
    await this.services.keys.rotate(alg);
    await this.server.runtime.poll();
  }

  async stop(): Promise<void> {
    await this.server.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

function basic(client: TestClient): string {
  const encode = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(client.clientId)}:${encode(client.secret)}`).toString('base64')}`;
}
