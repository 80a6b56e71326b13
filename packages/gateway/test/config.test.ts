import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  GatewayConfigError,
  loadGatewayConfig,
  parseGatewayConfig,
  validateGatewayConfig,
} from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-gateway-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to `name` in a temp dir and loads it; resolves to the error message lines. */
async function errorsOf(name: string, text: string): Promise<string[]> {
  const path = join(dir, name);
  writeFileSync(path, text);
  try {
    await loadGatewayConfig(path);
  } catch (error) {
    assert.ok(error instanceof GatewayConfigError, String(error));
    return error.message.split('\n').map((line) => line.replace(`${dir}/`, ''));
  }
  assert.fail('the config was accepted');
}

const yaml = (lines: string[]) => `${lines.join('\n')}\n`;

const GOOD_YAML = [
  'listen: 0.0.0.0:8080', // 1
  'issuer: https://auth.example.com', // 2
  'audience: lj-health-food', // 3
  'routes:', // 4
  '  - path: /orders', // 5
  '    methods: [POST]', // 6
  '    upstream: http://127.0.0.1:3000', // 7
  '    scopes: [place-order]', // 8
  '  - path: /public/*', // 9
  '    upstream: http://127.0.0.1:3000', // 10
  '    auth: none', // 11
];

describe('config: a good file', () => {
  test('YAML loads with defaults filled in', async () => {
    const path = join(dir, 'good.yaml');
    writeFileSync(path, yaml(GOOD_YAML));
    const config = await loadGatewayConfig(path);
    assert.deepEqual(config.listen, { host: '0.0.0.0', port: 8080 });
    assert.equal(config.forwardToken, false);
    assert.deepEqual(config.timeouts, { upstreamMs: 30_000, idleMs: 60_000, shutdownMs: 10_000 });
    assert.deepEqual(config.routes[0], {
      path: '/orders',
      methods: ['POST'],
      upstream: 'http://127.0.0.1:3000',
      auth: 'bearer',
      scopes: ['place-order'],
      tokens: 'machine',
      stripPrefix: false,
      caseSensitive: false,
      forwardClaims: 'headers',
    });
    assert.equal(config.routes[1]?.auth, 'none');
  });

  test('JSON loads the same; a port alone listens on every interface', async () => {
    const path = join(dir, 'good.json');
    writeFileSync(
      path,
      JSON.stringify({
        listen: 8080,
        issuer: 'https://auth.example.com',
        routes: [
          { path: '/orders', upstream: 'http://127.0.0.1:3000', audience: ['a', 'b'], methods: ['get'] },
        ],
      }),
    );
    const config = await loadGatewayConfig(path);
    assert.deepEqual(config.listen, { host: '0.0.0.0', port: 8080 });
    assert.deepEqual(config.routes[0]?.methods, ['GET']);
  });

  test('a validated config validates again unchanged (startGateway accepts either)', () => {
    const config = parseGatewayConfig(yaml(GOOD_YAML), { filename: 'g.yaml', format: 'yaml' });
    assert.deepEqual(validateGatewayConfig(config), config);
  });
});

describe('config errors name the file, the line and the setting (YAML)', () => {
  const cases: [string, string[], string[]][] = [
    [
      'an upstream that is not a URL',
      GOOD_YAML.map((l, i) => (i === 9 ? '    upstream: 127.0.0.1:3000' : l)),
      ['bad.yaml:10: routes[1].upstream: must be an http(s) URL such as http://127.0.0.1:3000'],
    ],
    [
      'an unknown top-level key, with a suggestion',
      [...GOOD_YAML.slice(0, 3), 'forwardTokens: true', ...GOOD_YAML.slice(3)],
      [
        'bad.yaml:4: forwardTokens: unknown setting; did you mean "forwardToken"? (known: listen, issuer, jwksUri, audience, forwardToken, trustForwardedHeaders, timeouts, revocation, clockToleranceSeconds, tokenCacheMs, algorithms, signedClaims, userPools, routes)',
      ],
    ],
    [
      'an unknown key in a route',
      GOOD_YAML.map((l, i) => (i === 7 ? '    scope: [place-order]' : l)),
      [
        'bad.yaml:8: routes[0].scope: unknown setting; did you mean "scopes"? (known: path, methods, upstream, auth, scopes, audience, tokens, stripPrefix, caseSensitive, forwardClaims, claimsAudience)',
      ],
    ],
    [
      'a missing upstream, reported at its route',
      GOOD_YAML.filter((_, i) => i !== 6),
      ['bad.yaml:5: routes[0].upstream: is required'],
    ],
    [
      'a bad listen address',
      GOOD_YAML.map((l, i) => (i === 0 ? 'listen: localhost:http' : l)),
      ['bad.yaml:1: listen: must be a port (8080) or host:port (127.0.0.1:8080, [::]:8080)'],
    ],
    [
      'a timeout that is not a number, inside a nested mapping',
      [...GOOD_YAML.slice(0, 3), 'timeouts:', '  upstreamMs: fast', ...GOOD_YAML.slice(3)],
      ['bad.yaml:5: timeouts.upstreamMs: must be a number, got "fast"'],
    ],
    [
      'scopes on a public route',
      [...GOOD_YAML, '    scopes: [read]'],
      ['bad.yaml:12: routes[1].scopes: a public route (auth: none) cannot require scopes'],
    ],
    [
      'a protected route without any audience',
      GOOD_YAML.filter((_, i) => i !== 2),
      ['bad.yaml:4: routes[0]: needs an audience: set audience on the route or at the top level'],
    ],
    [
      'a route that an earlier one always takes',
      [...GOOD_YAML, '  - path: /orders/:id', '    upstream: http://127.0.0.1:3000', '    methods: [POST]'],
      [
        'bad.yaml:12: routes[2].path: never matched: routes[0] (/orders) comes first and takes every request it would; routes match in order, so list the more specific one first',
      ],
    ],
    [
      'a bad route path and an unknown auth mode, sorted by line',
      GOOD_YAML.map((l, i) => (i === 10 ? '    auth: maybe' : i === 4 ? '  - path: orders/*/x' : l)),
      [
        'bad.yaml:5: routes[0].path: must start with "/"',
        'bad.yaml:11: routes[1].auth: must be one of bearer, none',
      ],
    ],
    [
      'a YAML syntax error',
      [...GOOD_YAML.slice(0, 5), '    methods: [POST', ...GOOD_YAML.slice(6)],
      ['bad.yaml:7: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ],
    ['no routes at all', GOOD_YAML.slice(0, 3), ['bad.yaml:1: routes: is required']],
  ];
  for (const [name, lines, expected] of cases) {
    test(name, async () => {
      assert.deepEqual(await errorsOf('bad.yaml', yaml(lines)), expected);
    });
  }
});

describe('config errors name the file, the line and the setting (JSON)', () => {
  const good = {
    listen: '127.0.0.1:8080',
    issuer: 'https://auth.example.com',
    audience: 'lj-health-food',
    routes: [
      { path: '/orders', methods: ['POST'], upstream: 'http://127.0.0.1:3000', scopes: ['place-order'] },
      { path: '/public', upstream: 'http://127.0.0.1:3000', auth: 'none' },
    ],
  };
  const pretty = (value: unknown) => JSON.stringify(value, null, 2);
  // In `pretty(good)`, routes[1].upstream is on line 18; keys added at the end start on line 22.

  test('a bad upstream is reported on the line of its key', async () => {
    const bad = structuredClone(good);
    (bad.routes[1] as { upstream: string }).upstream = 'ftp://files';
    assert.deepEqual(await errorsOf('bad.json', pretty(bad)), [
      'bad.json:18: routes[1].upstream: must be an http(s) URL such as http://127.0.0.1:3000',
    ]);
  });

  test('an unknown key', async () => {
    const bad = { ...structuredClone(good), timeouts: { upstreamMs: 100, idle: 5 } };
    assert.deepEqual(await errorsOf('bad.json', pretty(bad)), [
      'bad.json:24: timeouts.idle: unknown setting; did you mean "idleMs"? (known: upstreamMs, idleMs, shutdownMs)',
    ]);
  });

  test('a wrong type', async () => {
    const bad = structuredClone(good) as Record<string, unknown>;
    bad.forwardToken = 'yes';
    assert.deepEqual(await errorsOf('bad.json', pretty(bad)), [
      'bad.json:22: forwardToken: must be a boolean, got "yes"',
    ]);
  });

  test('a syntax error names its line', async () => {
    const text = pretty(good).replace('"auth": "none"', '"auth": "none",');
    assert.deepEqual(await errorsOf('bad.json', text), [
      'bad.json:20: invalid JSON: Expected double-quoted property name',
    ]);
  });

  test('a key given twice', async () => {
    const text = pretty(good).replace(
      '"audience": "lj-health-food",',
      '"audience": "a",\n  "audience": "b",',
    );
    const [line] = await errorsOf('bad.json', text);
    assert.match(line ?? '', /^bad\.json:5: Map keys must be unique/);
  });
});

describe('config files that cannot be read', () => {
  test('an unknown extension', async () => {
    assert.deepEqual(await errorsOf('gateway.toml', 'listen = 1'), [
      'gateway.toml: the config file name must end in .yaml, .yml or .json',
    ]);
  });

  test('a missing file', async () => {
    await assert.rejects(loadGatewayConfig(join(dir, 'nope.yaml')), (error: Error) => {
      assert.ok(error instanceof GatewayConfigError);
      assert.match(error.message, /nope\.yaml: cannot read the config: no such file$/);
      return true;
    });
  });

  test('an empty file', async () => {
    assert.deepEqual(await errorsOf('empty.yml', ''), [
      'empty.yml:1: the config is empty; it needs at least listen, issuer and routes',
    ]);
  });

  test('an object config without a file has no line numbers', () => {
    assert.throws(
      () => validateGatewayConfig({ listen: 8080, issuer: 'nope', routes: [] }),
      (error: Error) => {
        assert.ok(error instanceof GatewayConfigError);
        assert.equal(
          error.message,
          'issuer: must be an http(s) URL such as https://auth.example.com\nroutes: must list at least one route',
        );
        return true;
      },
    );
  });
});
