// Gatehouse as a user pool's token endpoint: the real server on a fresh SQLite store, with one
// pool, one confidential app client per bench client (client_secret_basic, PKCE, rotation on,
// ES256 ID tokens), the ES256 resource server oidc-provider's access tokens are for, and a few
// users. POST /bench/mint (on a control port of its own, so the server's router is
// untouched) inserts pool_auth_codes rows the way the authorize endpoint leaves them after a
// sign-in: only the SHA-256 of each code, its PKCE challenge, nonce, scope and redirect_uri.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLI_ACTOR, loadConfig, silentLogger, startServer } from '@gatehouse/server';
import { announceReady } from '../lib/child.js';
import { tempDir } from '../lib/paths.js';
import { RESOURCES, SCOPE as RESOURCE_SCOPE } from '../lib/clients.js';
import { PEOPLE_ID_TOKEN_ALG, PEOPLE_REDIRECT_URI } from '../lib/people.js';
import { clientsFromEnv, onStop } from '../lib/target-env.js';

const USERS = 64;
/**
 * The same grant as oidc-provider's: OpenID claims plus `read` on the ES256 resource server,
 * so the access token is an ES256 JWT for that API.
 */
const SCOPE = `openid email profile ${RESOURCES.ES256}/${RESOURCE_SCOPE}`;
const CODE_LIFETIME_MS = 60_000;
/** Codes wait for a whole round; the bench inserts them with a longer life than authorize's 60 s. */
const BENCH_CODE_LIFETIME_MS = 10 * 60_000 + CODE_LIFETIME_MS;

const dataDir = tempDir('gatehouse-people');
const server = await startServer(
  loadConfig({ port: '0', host: '127.0.0.1' }, { ...process.env, GATEHOUSE_DATA_DIR: dataDir }),
  { logger: silentLogger },
);
const g = server.gatehouse;
await g.resourceServers.create(
  {
    identifier: RESOURCES.ES256,
    name: 'Orders API (ES256)',
    scopes: [{ name: RESOURCE_SCOPE, description: 'Read orders' }],
    signingAlg: 'ES256',
  },
  CLI_ACTOR,
);
const pool = await g.userPools.create({ name: 'Bench people' }, CLI_ACTOR);
/** Bench client id → the app client standing in for it. */
const appClients = new Map<string, { clientId: string; secret: string }>();
for (const bench of clientsFromEnv()) {
  const created = await g.appClients.create(
    pool.id,
    {
      name: `bench ${bench.clientId}`,
      public: false,
      authMethod: 'client_secret_basic',
      redirectUris: [PEOPLE_REDIRECT_URI],
      logoutUris: [],
      scopes: SCOPE.split(' '),
      // Set explicitly, as oidc-provider's clients set id_token_signed_response_alg.
      settings: { requirePkce: true, refreshRotation: true, idTokenSigningAlg: PEOPLE_ID_TOKEN_ALG },
    },
    CLI_ACTOR,
  );
  appClients.set(bench.clientId, { clientId: created.clientId, secret: String(created.clientSecret) });
}
const subs: string[] = [];
for (let i = 0; i < USERS; i++) {
  const user = await g.poolUsers.create(
    pool.id,
    {
      username: `person-${i}`,
      email: `person-${i}@bench.example`,
      emailVerified: true,
      attributes: { name: `Person ${i}` },
    },
    CLI_ACTOR,
  );
  subs.push(user.sub);
}

let minted = 0;
const BATCH = 500;

/** One code per entry, inserted in the order given: the order they are redeemed in. */
async function mint(clientIds: readonly string[], challenge: string): Promise<string[]> {
  const codes: string[] = [];
  // Named columns, so the statement is built from the rows and cannot pair a value with the wrong one.
  const rows: Record<string, string | number | null>[] = [];
  const now = Date.now();
  for (const clientId of clientIds) {
    const code = randomBytes(32).toString('base64url');
    codes.push(code);
    const sub = subs[minted++ % USERS] as string;
    rows.push({
      code_hash: createHash('sha256').update(code).digest('base64url'),
      pool_id: pool.id,
      client_id: clientId,
      sub,
      session_id_hash: null,
      redirect_uri: PEOPLE_REDIRECT_URI,
      scope: SCOPE,
      nonce: `n-${minted}`,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      auth_time: now,
      expires_at: now + BENCH_CODE_LIFETIME_MS,
      used_at: null,
      family_id: null,
      access_jtis: null,
    });
  }
  const columns = Object.keys(rows[0] ?? {});
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let at = 0; at < rows.length; at += BATCH) {
    const batch = rows.slice(at, at + BATCH);
    await g.db.run(
      `INSERT INTO pool_auth_codes (${columns.join(', ')}) VALUES ${batch.map(() => tuple).join(', ')}`,
      batch.flatMap((row) => columns.map((column) => row[column] ?? null)),
    );
  }
  return codes;
}

async function control(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'GET' && req.url === '/bench/info') {
    const clients = Object.fromEntries(appClients);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ url: server.url, tokenPath: `/pools/${pool.id}/oauth2/token`, clients }));
    return;
  }
  if (req.method === 'POST' && req.url === '/bench/mint') {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const { clientIds, challenge } = JSON.parse(raw) as { clientIds: string[]; challenge: string };
    const codes = await mint(clientIds, challenge);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ codes }));
    return;
  }
  res.writeHead(404).end();
}

// The token path learns of the new resource server from the change log; a request sent before
// it does would be refused with invalid_scope.
while (!server.runtime.resource(RESOURCES.ES256)) await new Promise((r) => setTimeout(r, 20));

const controlServer = createServer((req, res) => {
  control(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
});
controlServer.listen(0, '127.0.0.1', () => {
  const { port } = controlServer.address() as AddressInfo;
  announceReady(`http://127.0.0.1:${port}`);
});
onStop(async () => {
  controlServer.close();
  await server.close();
});
