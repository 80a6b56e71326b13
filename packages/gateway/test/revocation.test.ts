import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseGatewayConfig } from '../src/index.js';
import { AuthServer, type RegisteredClient } from './support/auth-server.js';
import { eventually, type LogEntry, startTestGateway } from './support/gateway.js';
import { bearer, request } from './support/http.js';
import { TestUpstream } from './support/upstream.js';

const API = 'lj-health-food';

describe('gateway on a revocation list it cannot refresh', () => {
  let auth: AuthServer;
  let upstream: TestUpstream;
  let client: RegisteredClient;
  let token: string;

  before(async () => {
    auth = await AuthServer.start();
    upstream = await new TestUpstream().start();
    await auth.resourceServer(API, ['place-order']);
    client = await auth.client([`${API}/place-order`]);
    token = await auth.token(client, `${API}/place-order`);
  });
  after(async () => {
    await upstream.close();
  });

  test('past graceSeconds it answers 503 and logs one error; failOpen keeps passing tokens', async () => {
    const routes = [{ path: '/', upstream: upstream.url, scopes: ['place-order'] }];
    const strict = await startTestGateway({
      issuer: auth.issuer,
      audience: API,
      revocation: { pollIntervalSeconds: 0.1, graceSeconds: 0.5 },
      tokenCacheMs: 0,
      routes,
    });
    const lenient = await startTestGateway({
      issuer: auth.issuer,
      audience: API,
      revocation: { pollIntervalSeconds: 0.1, graceSeconds: 0.5, failOpen: true },
      tokenCacheMs: 0,
      routes,
    });
    // The verifier's own lines; each request it refuses has its refusal line besides.
    const errorsOf = (logs: LogEntry[]) =>
      logs.filter((entry) => entry.level === 'error' && entry.event === undefined);
    try {
      for (const { gateway } of [strict, lenient]) {
        assert.equal((await request(`${gateway.url}/x`, { headers: bearer(token) })).status, 200);
      }
      // Gatehouse goes away; the gateways keep their keys but can no longer refresh the list.
      await auth.close();
      let answer = await request(`${strict.gateway.url}/x`, { headers: bearer(token) });
      await eventually(async () => {
        answer = await request(`${strict.gateway.url}/x`, { headers: bearer(token) });
        return answer.status !== 200;
      });
      assert.equal(answer.status, 503);
      assert.equal(answer.json().error, 'temporarily_unavailable');
      assert.match(String(answer.json().error_description), /revocation list/);
      assert.equal((await request(`${strict.gateway.url}/x`, { headers: bearer(token) })).status, 503);
      assert.ok(
        strict.logs.some((entry) => entry.error === 'ERR_REVOCATION_STALE'),
        'the access log names the code',
      );
      const strictErrors = errorsOf(strict.logs);
      assert.equal(strictErrors.length, 1, JSON.stringify(strictErrors));
      assert.match(strictErrors[0]?.msg ?? '', /refusing every token with ERR_REVOCATION_STALE/);
      assert.equal(strictErrors[0]?.audience, API);
      const refused = strict.logs.filter((entry) => entry.event === 'verifier_unavailable');
      assert.ok(refused.length >= 2, 'one refusal line per request answered 503');
      assert.equal(refused[0]?.code, 'ERR_REVOCATION_STALE');
      assert.match(String(refused[0]?.cause), /has not been refreshed/);

      await eventually(() => errorsOf(lenient.logs).length > 0);
      assert.equal((await request(`${lenient.gateway.url}/x`, { headers: bearer(token) })).status, 200);
      assert.equal(errorsOf(lenient.logs).length, 1);
      assert.match(errorsOf(lenient.logs)[0]?.msg ?? '', /accepting tokens anyway \(revocation\.failOpen\)/);
    } finally {
      await strict.gateway.close();
      await lenient.gateway.close();
    }
  });
});

describe('gateway revocation settings', () => {
  const base = (revocation: string[]) =>
    [
      'listen: 8080',
      'issuer: https://auth.example.com',
      'audience: orders',
      ...revocation,
      'routes:',
      '  - path: /',
      '    upstream: http://127.0.0.1:3000',
      '',
    ].join('\n');

  test('graceSeconds and failOpen are taken; a grace shorter than two poll intervals is refused', () => {
    const config = parseGatewayConfig(
      base(['revocation:', '  pollIntervalSeconds: 5', '  graceSeconds: 60', '  failOpen: false']),
      { filename: 'g.yaml', format: 'yaml' },
    );
    assert.deepEqual(config.revocation, { pollIntervalSeconds: 5, graceSeconds: 60, failOpen: false });
    assert.throws(
      () =>
        parseGatewayConfig(base(['revocation:', '  pollIntervalSeconds: 5', '  graceSeconds: 6']), {
          filename: 'g.yaml',
          format: 'yaml',
        }),
      /revocation\.graceSeconds: graceSeconds must be at least twice pollIntervalSeconds/,
    );
    assert.throws(
      () => parseGatewayConfig(base(['revocation:', '  grace: 60']), { filename: 'g.yaml', format: 'yaml' }),
      /known: pollIntervalSeconds, graceSeconds, failOpen/,
    );
  });
});
