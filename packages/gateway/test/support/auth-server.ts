import { CLI_ACTOR } from '@gatehouse/server';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type RunningServer, silentLogger, startServer } from '@gatehouse/server';

export interface RegisteredClient {
  clientId: string;
  secret: string;
}

/** A real Gatehouse on a free loopback port over a throwaway SQLite store, on the real clock. */
export class AuthServer {
  private constructor(
    readonly server: RunningServer,
    private readonly dataDir: string,
  ) {}

  static async start(): Promise<AuthServer> {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-gateway-test-'));
    const config = loadConfig(
      { port: '0' },
      {
        GATEHOUSE_DATA_DIR: dataDir,
        GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64'),
        GATEHOUSE_LOG_LEVEL: 'silent',
        GATEHOUSE_CHANGE_POLL_MS: '50',
      },
    );
    const server = await startServer(config, { logger: silentLogger });
    return new AuthServer(server, dataDir);
  }

  get issuer(): string {
    return this.server.issuer;
  }

  async resourceServer(identifier: string, scopes: readonly string[]): Promise<void> {
    await this.server.gatehouse.resourceServers.create(
      {
        identifier,
        name: identifier,
        scopes: scopes.map((name) => ({ name })),
      },
      CLI_ACTOR,
    );
    await this.server.runtime.poll();
  }

  async client(scopes: readonly string[]): Promise<RegisteredClient> {
    const { client, secret } = await this.server.gatehouse.clients.create(
      {
        name: 'gateway test',
        scopes: [...scopes],
      },
      CLI_ACTOR,
    );
    await this.server.runtime.poll();
    return { clientId: client.clientId, secret: secret?.value ?? '' };
  }

  async disable(client: RegisteredClient): Promise<void> {
    await this.server.gatehouse.clients.setEnabled(client.clientId, false, CLI_ACTOR);
    await this.server.runtime.poll();
  }

  /** A client credentials grant over plain HTTP, as any caller does it. */
  async token(client: RegisteredClient, scope: string): Promise<string> {
    const response = await fetch(`${this.issuer}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (response.status !== 200 || typeof body.access_token !== 'string') {
      throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
    }
    return body.access_token;
  }

  async close(): Promise<void> {
    await this.server.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
