import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { TestClock } from '../support/clock.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, ApiSession, ok, PASSWORD } from './harness.js';

for (const name of backendNames()) {
  describe(`disabling an account across two instances on one store [${name}]`, () => {
    const clock = new TestClock();
    let backend: TestBackend;
    const servers: RunningServer[] = [];
    before(async () => {
      backend = await createBackend(name);
      const config = backend.config({
        GATEHOUSE_ADMIN_EMAIL: ADMIN_EMAIL,
        GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      });
      for (let i = 0; i < 2; i++)
        servers.push(await startServer(config, { logger: createLogger('silent'), clock }));
    });
    after(async () => {
      for (const server of servers) await server.close();
      await backend.cleanup();
    });

    test('a session on the other instance is refused on its very next request', async () => {
      const [a, b] = servers.map((s) => s.url);
      const admin = new ApiSession(a ?? '');
      ok(await admin.login(ADMIN_EMAIL, ADMIN_PASSWORD));
      ok(
        await admin.post('/api/v1/users', { email: 'lee@example.com', name: 'Lee', password: PASSWORD }),
        201,
      );
      const lee = new ApiSession(b ?? '');
      ok(await lee.login('lee@example.com', PASSWORD));
      assert.equal((await lee.get('/api/v1/me')).status, 200);
      ok(await admin.post('/api/v1/users/lee@example.com/disable'));
      assert.equal((await lee.get('/api/v1/me')).status, 401);
      assert.equal((await lee.get('/api/v1/teams')).status, 401);
      // Even with the session row still there (a write racing the disable), the flag refuses it.
      const again = new ApiSession(b ?? '');
      assert.equal((await again.login('lee@example.com', PASSWORD)).status, 403);
    });
  });
}
