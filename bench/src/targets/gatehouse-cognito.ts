// Gatehouse answering Cognito's user-pool API (POST / with X-Amz-Target): the real server on a
// fresh SQLite store, with one pool, confidential app clients that allow USER_PASSWORD_AUTH and
// REFRESH_TOKEN_AUTH, and users created through the service layer as an admin would, each with
// a password of its own. GET /bench/info (on a control port of its own, so the server's router
// is untouched) tells the suite the app clients and the users' credentials.
//
// Each user's argon2id hash is then replaced by one of the same password with the cheapest
// parameters argon2id allows (CHEAP_ARGON2). Gatehouse checks a stored hash with the parameters
// written in it (so hashes imported from other systems keep working), so the sign-in path runs
// unchanged, worker thread, lockout counters and all, while the password hash itself costs tens
// of microseconds instead of milliseconds. Nothing in Gatehouse is configured or changed for
// this; production parameters are measured apart (lib/password-checks.ts).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashSync } from '@node-rs/argon2';
import { CLI_ACTOR, loadConfig, silentLogger, startServer } from '@gatehouse/server';
import { announceReady } from '../lib/child.js';
import {
  ARGON2ID,
  CHEAP_ARGON2,
  COGNITO_AUTH_FLOWS,
  type CognitoBenchInfo,
  COGNITO_CLIENTS_VAR,
  COGNITO_HASHING,
  COGNITO_USERS_VAR,
} from '../lib/cognito.js';
import { tempDir } from '../lib/paths.js';
import { onStop } from '../lib/target-env.js';

/** Users created at once: their production hashes queue on the server's hashing workers. */
const CREATE_BATCH = 8;

const userCount = Number(process.env[COGNITO_USERS_VAR] ?? 256);
const clientCount = Number(process.env[COGNITO_CLIENTS_VAR] ?? 16);

const dataDir = tempDir('gatehouse-cognito');
const server = await startServer(
  loadConfig(
    { port: '0', host: '127.0.0.1' },
    {
      ...process.env,
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_PASSWORD_HASH_CONCURRENCY: String(COGNITO_HASHING.concurrency),
      GATEHOUSE_PASSWORD_HASH_QUEUE: String(COGNITO_HASHING.queue),
    },
  ),
  { logger: silentLogger },
);
const g = server.gatehouse;
const pool = await g.userPools.create({ name: 'Bench Cognito' }, CLI_ACTOR);

const clients: CognitoBenchInfo['clients'] = [];
for (let i = 0; i < clientCount; i++) {
  const created = await g.appClients.create(
    pool.id,
    {
      name: `bench cognito ${i}`,
      public: false,
      authMethod: 'client_secret_basic',
      redirectUris: ['http://127.0.0.1/callback'],
      logoutUris: [],
      scopes: ['openid', 'email', 'profile'],
      settings: { requirePkce: false, explicitAuthFlows: [...COGNITO_AUTH_FLOWS] },
    },
    CLI_ACTOR,
  );
  clients.push({ clientId: created.clientId, secret: String(created.clientSecret) });
}

const users: CognitoBenchInfo['users'] = [];
for (let at = 0; at < userCount; at += CREATE_BATCH) {
  const batch = Array.from({ length: Math.min(CREATE_BATCH, userCount - at) }, (_, k) => at + k);
  users.push(
    ...(await Promise.all(
      batch.map(async (i) => {
        const username = `user-${i}`;
        const password = `Bench-${randomBytes(12).toString('base64url')}`;
        const user = await g.poolUsers.create(
          pool.id,
          { username, email: `user-${i}@bench.example`, emailVerified: true, attributes: {}, password },
          CLI_ACTOR,
        );
        const cheap = hashSync(password, {
          algorithm: ARGON2ID,
          memoryCost: CHEAP_ARGON2.memoryKib,
          timeCost: CHEAP_ARGON2.passes,
          parallelism: CHEAP_ARGON2.lanes,
        });
        await g.db.run('UPDATE pool_users SET password_hash = ? WHERE sub = ?', [cheap, user.sub]);
        return { username, password };
      }),
    )),
  );
}

async function control(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'GET' && req.url === '/bench/info') {
    const info: CognitoBenchInfo = { url: server.url, clients, users };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(info));
    return;
  }
  res.writeHead(404).end();
}

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
