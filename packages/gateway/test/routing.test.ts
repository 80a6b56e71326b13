import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RouteConfig } from '../src/index.js';
import { parseTarget } from '../src/routing/request-path.js';
import { Router } from '../src/routing/router.js';

function route(path: string, extra: Partial<RouteConfig> = {}): RouteConfig {
  return {
    path,
    upstream: 'http://u',
    auth: 'none',
    scopes: [],
    tokens: 'machine',
    stripPrefix: false,
    caseSensitive: false,
    forwardClaims: 'headers',
    ...extra,
  };
}

function router(...routes: RouteConfig[]) {
  return new Router(routes, (r) => r.path);
}

/** The route a request lands on (its path as configured) and the path forwarded, or the status. */
function where(r: Router<string>, method: string, path: string): string {
  const m = r.match(method, path);
  if (m.kind === 'route') return `${m.route.data} ${m.forwardPath}`;
  if (m.kind === 'method-not-allowed') return `405 ${m.allow}`;
  return '404';
}

describe('route matching', () => {
  test('a plain path is a prefix on segment boundaries', () => {
    const r = router(route('/orders'));
    assert.equal(where(r, 'GET', '/orders'), '/orders /orders');
    assert.equal(where(r, 'GET', '/orders/'), '/orders /orders/');
    assert.equal(where(r, 'GET', '/orders/42/items'), '/orders /orders/42/items');
    assert.equal(where(r, 'GET', '/orders-archive'), '404');
    assert.equal(where(r, 'GET', '/'), '404');
  });

  test('/ matches everything; /x/* is the same as /x', () => {
    assert.equal(where(router(route('/')), 'GET', '/anything/at/all'), '/ /anything/at/all');
    const r = router(route('/public/*'));
    assert.equal(where(r, 'GET', '/public'), '/public/* /public');
    assert.equal(where(r, 'GET', '/public/a/b'), '/public/* /public/a/b');
    assert.equal(where(r, 'GET', '/publicity'), '404');
  });

  test(':param matches one segment; a trailing * any number more', () => {
    const one = router(route('/orders/:id'));
    assert.equal(where(one, 'GET', '/orders/42'), '/orders/:id /orders/42');
    assert.equal(where(one, 'GET', '/orders/42/'), '/orders/:id /orders/42/');
    assert.equal(where(one, 'GET', '/orders/42/items'), '404');
    assert.equal(where(one, 'GET', '/orders'), '404');
    const rest = router(route('/orders/:id/*'));
    assert.equal(where(rest, 'GET', '/orders/42'), '/orders/:id/* /orders/42');
    assert.equal(where(rest, 'GET', '/orders/42/items/7'), '/orders/:id/* /orders/42/items/7');
  });

  test('pattern literals are not regular expressions', () => {
    const r = router(route('/v1.0/:id'));
    assert.equal(where(r, 'GET', '/v1.0/x'), '/v1.0/:id /v1.0/x');
    assert.equal(where(r, 'GET', '/v1x0/x'), '404');
  });

  test('stripPrefix forwards what follows the matched part', () => {
    const r = router(
      route('/api/orders', { stripPrefix: true }),
      route('/files/:bucket/*', { stripPrefix: true }),
      route('/exact/:id', { stripPrefix: true }),
    );
    assert.equal(where(r, 'GET', '/api/orders/42'), '/api/orders /42');
    assert.equal(where(r, 'GET', '/api/orders'), '/api/orders ');
    assert.equal(where(r, 'GET', '/files/b1/a/b.txt'), '/files/:bucket/* /a/b.txt');
    assert.equal(where(r, 'GET', '/exact/1'), '/exact/:id ');
  });

  test('routes match in order; the first whose method fits wins', () => {
    const r = router(
      route('/orders', { methods: ['POST'], scopes: ['place-order'] }),
      route('/orders', { methods: ['GET'], scopes: ['list-orders'] }),
      route('/'),
    );
    assert.equal(r.match('POST', '/orders').kind, 'route');
    const get = r.match('GET', '/orders');
    assert.ok(get.kind === 'route');
    assert.deepEqual(get.route.config.scopes, ['list-orders']);
    assert.equal(get.route.index, 1);
    // the catch-all takes what the /orders routes refuse
    const del = r.match('DELETE', '/orders');
    assert.ok(del.kind === 'route' && del.route.index === 2);
  });

  test('405 lists the methods of every route on the path; GET brings HEAD', () => {
    const r = router(route('/orders', { methods: ['POST'] }), route('/orders', { methods: ['GET'] }));
    assert.equal(where(r, 'HEAD', '/orders'), '/orders /orders');
    assert.equal(where(r, 'DELETE', '/orders/1'), '405 GET, HEAD, POST');
  });
});

describe('spellings of a path that upstreams read as the same', () => {
  // A public catch-all after a protected route: any spelling that misses the protected route
  // but reaches the same upstream handler would skip its scope check.
  const guarded = () =>
    router(
      route('/admin', { auth: 'bearer', scopes: ['admin'] }),
      route('/orders/:id', { auth: 'bearer' }),
      route('/'),
    );
  const land = (r: Router<string>, raw: string) => {
    const target = parseTarget(raw);
    return target === null ? '400' : where(r, 'GET', target.path).split(' ')[0];
  };

  test('letters match in any case by default, in prefixes and patterns', () => {
    const r = guarded();
    for (const spelling of ['/ADMIN', '/Admin/report', '/aDmIn/', '/%41DMIN/report', '/%61dmin']) {
      assert.equal(land(r, spelling), '/admin', spelling);
    }
    assert.equal(land(r, '/ORDERS/42'), '/orders/:id');
    assert.equal(land(r, '/administrator'), '/');
  });

  test('caseSensitive: true matches the letters exactly', () => {
    const r = router(route('/Admin', { caseSensitive: true }), route('/'));
    assert.equal(where(r, 'GET', '/Admin/x'), '/Admin /Admin/x');
    assert.equal(where(r, 'GET', '/admin/x'), '/ /admin/x');
    const pattern = router(route('/Files/:id', { caseSensitive: true }), route('/'));
    assert.equal(where(pattern, 'GET', '/files/1'), '/ /files/1');
  });

  test('stripPrefix cuts the same length whatever the case', () => {
    const r = router(route('/api/Orders', { stripPrefix: true }));
    assert.equal(where(r, 'GET', '/API/ORDERS/42'), '/api/Orders /42');
  });

  test('matrix parameters do not hide a segment', () => {
    const r = guarded();
    for (const spelling of ['/admin;x=1', '/admin;x=1/report', '/ADMIN;/report', '/orders;v=2/42']) {
      assert.notEqual(land(r, spelling), '/', spelling);
    }
    const strip = router(route('/api/orders', { stripPrefix: true }));
    assert.equal(where(strip, 'GET', '/api;v=1/orders;x/42;y'), '/api/orders /42;y');
  });

  test('an escaped slash splits segments when matching, and is forwarded as sent', () => {
    const r = guarded();
    for (const spelling of ['/admin%2Freport', '/ADMIN%2freport', '/admin;x%2F/report']) {
      assert.equal(land(r, spelling), '/admin', spelling);
    }
    assert.equal(where(r, 'GET', '/admin%2Freport'), '/admin /admin%2Freport');
    assert.equal(land(r, '/admins%2Freport'), '/');
    const strip = router(route('/api/orders', { stripPrefix: true }));
    assert.equal(where(strip, 'GET', '/api%2Forders%2F42/x'), '/api/orders /42/x');
    assert.equal(where(strip, 'GET', '/api/orders/a%2Fb'), '/api/orders /a%2Fb');
  });

  test('repeated slashes, trailing slashes and dot segments', () => {
    const r = guarded();
    assert.equal(land(r, '//admin'), '/admin');
    assert.equal(land(r, '/admin//report'), '/admin');
    assert.equal(land(r, '/admin/'), '/admin');
    for (const bad of ['/public/../admin', '/public/%2e%2e/admin', '/./admin', '/admin\\x']) {
      assert.equal(land(r, bad), '400', bad);
    }
  });
});

describe('request paths', () => {
  test('split into path and query, untouched when plain', () => {
    assert.deepEqual(parseTarget('/orders?x=1&y=%2F'), { path: '/orders', query: '?x=1&y=%2F' });
    assert.deepEqual(parseTarget('/'), { path: '/', query: '' });
  });

  test('escaped unreserved characters are decoded, other escapes kept', () => {
    assert.deepEqual(parseTarget('/%6Frders/%41%2F%7e'), { path: '/orders/A%2F~', query: '' });
  });

  test('repeated slashes collapse', () => {
    assert.deepEqual(parseTarget('//orders///1?q'), { path: '/orders/1', query: '?q' });
  });

  test('dot segments and backslashes are refused, even escaped', () => {
    for (const bad of ['/public/../admin', '/public/./x', '/public/%2e%2e/admin', '/a\\b', '*']) {
      assert.equal(parseTarget(bad), null, bad);
    }
    assert.deepEqual(parseTarget('/files/a..b/.hidden'), { path: '/files/a..b/.hidden', query: '' });
  });

  test('absolute-form targets use their path', () => {
    assert.deepEqual(parseTarget('http://gw.example/orders?x'), { path: '/orders', query: '?x' });
  });
});
