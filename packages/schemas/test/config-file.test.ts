import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { configFileJsonSchema, configFileSchema } from '../src/index.js';

describe('gatehouse.yaml schema', () => {
  it('the committed JSON Schema is the one generated from the zod schema (npm run write-config-schema)', () => {
    // dist/test/… → the package root, where the shipped file sits.
    const committed: unknown = JSON.parse(
      readFileSync(new URL('../../gatehouse-config.schema.json', import.meta.url), 'utf8'),
    );
    assert.deepEqual(committed, JSON.parse(JSON.stringify(configFileJsonSchema())));
  });

  it('the smallest useful file is valid as it is', () => {
    const parsed = configFileSchema.safeParse({
      resourceServers: [
        {
          identifier: 'lj-health-food',
          name: 'LJ Health Food',
          scopes: { 'place-order': 'Place an order', 'list-orders': 'List orders' },
        },
      ],
      clients: [{ name: 'delivery-partner', scopes: ['lj-health-food/place-order'] }],
    });
    assert.equal(parsed.success, true);
  });

  it('refuses unknown keys, snake_case keys and the same entry twice', () => {
    const parsed = configFileSchema.safeParse({
      resourceServers: [
        { identifier: 'a', name: 'A', token_ttl: 60 },
        { identifier: 'a', name: 'A again' },
      ],
      clients: [{ name: 'x' }, { name: 'x' }],
      roles: [{ name: 'r' }, { name: 'r' }],
    });
    assert.equal(parsed.success, false);
    const paths = parsed.error.issues.map((i) => i.path.join('.'));
    assert.ok(paths.includes('resourceServers.0'), paths.join());
    assert.ok(paths.includes('resourceServers.1.identifier'), paths.join());
    assert.ok(paths.includes('clients.1.name'), paths.join());
    assert.ok(paths.includes('roles.1.name'), paths.join());
  });

  it('private_key_jwt clients need keys; others may not have them', () => {
    const keyless = configFileSchema.safeParse({ clients: [{ name: 'k', authMethod: 'private_key_jwt' }] });
    assert.equal(keyless.success, false);
    const stray = configFileSchema.safeParse({ clients: [{ name: 'k', jwksUri: 'https://x.example/jwks' }] });
    assert.equal(stray.success, false);
  });
});
