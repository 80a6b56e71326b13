import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { TestClock } from '../support/clock.js';
import { guessConcurrently, tally, WIDE_HASHER } from './concurrent-guesses.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, ApiSession, assertApiError, ok } from './harness.js';

for (const name of backendNames()) {
  describe(`sign-in lockout across two instances on one store [${name}]`, () => {
    const clock = new TestClock();
    let backend: TestBackend;
    const servers: RunningServer[] = [];
    before(async () => {
      backend = await createBackend(name);
      const config = backend.config({
        GATEHOUSE_ADMIN_EMAIL: ADMIN_EMAIL,
        GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        ...WIDE_HASHER,
      });
      for (let i = 0; i < 2; i++) {
        servers.push(await startServer(config, { logger: createLogger('silent'), clock }));
      }
    });
    after(async () => {
      for (const server of servers) await server.close();
      await backend.cleanup();
    });

    test('guesses spread over both instances still check at most 5 passwords in all', async () => {
      const urls = servers.map((s) => s.url);
      const checked = () => servers.reduce((sum, s) => sum + s.gatehouse.users.hashing.completed, 0);
      const before = checked();
      let n = 0;
      const { wrong, right } = await guessConcurrently(
        () => new ApiSession(urls[n++ % urls.length] ?? ''),
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
      );
      assert.ok(checked() - before <= 5, `${checked() - before} passwords were checked across two instances`);
      assert.equal(tally(wrong)[401], 4);
      assertApiError(right, 429, 'locked');
      // Each instance refuses the right password while the shared lock holds, then lets it in.
      for (const url of urls)
        assertApiError(await new ApiSession(url).login(ADMIN_EMAIL, ADMIN_PASSWORD), 429, 'locked');
      clock.advance(30_000);
      ok(await new ApiSession(urls[1] ?? '').login(ADMIN_EMAIL, ADMIN_PASSWORD));
    });
  });
}
