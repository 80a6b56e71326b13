import * as assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { test } from 'node:test';
import { MethodNotAllowed, NotFound } from '../../src/http/errors.js';
import { type RouteParams, Router } from '../../src/http/router.js';

function run(router: Router, method: string, url: string): { name: string; params: RouteParams } {
  last = undefined;
  void router.find(method, url)({} as IncomingMessage, {} as ServerResponse);
  assert.ok(last);
  return last;
}

let last: { name: string; params: RouteParams } | undefined;
const named =
  (name: string) =>
  (_req: IncomingMessage, _res: ServerResponse, params: RouteParams): void => {
    last = { name, params };
  };

test('exact paths win over patterns; patterns bind one decoded, non-empty segment', () => {
  const router = new Router()
    .on('GET', '/pools/special/login', named('exact'))
    .on('GET', '/pools/:poolId/login', named('login'))
    .on('POST', '/pools/:poolId/login', named('post-login'))
    .on('GET', '/pools/:poolId/oauth2/authorize', named('authorize'))
    .under('/', named('portal'));
  assert.deepEqual(run(router, 'GET', '/pools/special/login'), { name: 'exact', params: {} });
  assert.deepEqual(run(router, 'GET', '/pools/local_AbC123xyz/login?pending=x'), {
    name: 'login',
    params: { poolId: 'local_AbC123xyz' },
  });
  assert.deepEqual(run(router, 'HEAD', '/pools/a%20b/login').params, { poolId: 'a b' });
  assert.equal(run(router, 'POST', '/pools/p1/login').name, 'post-login');
  assert.deepEqual(run(router, 'GET', '/pools/p1/oauth2/authorize').params, { poolId: 'p1' });
  // No match for an empty or undecodable segment, or a deeper path: the prefix handler takes it.
  assert.equal(run(router, 'GET', '/pools//login').name, 'portal');
  assert.equal(run(router, 'GET', '/pools/%E0%A4%A/login').name, 'portal');
  assert.equal(run(router, 'GET', '/pools/p1/x/login').name, 'portal');
  assert.throws(() => router.find('DELETE', '/pools/p1/login'), MethodNotAllowed);
  assert.throws(() => new Router().on('GET', '/pools/:id', named('x')).find('GET', '/other'), NotFound);
});
