import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { MIGRATIONS } from '../../src/store/migrations.js';

/**
 * SHA-256 of each released migration's SQL, as shipped. A store that applied a migration never
 * applies it again, so an edit would leave old and new stores with different schemas.
 */
const RELEASED: ReadonlyMap<number, string> = new Map([
  [1, '55668ab663b6dbc786d57cb0fd310a718e403ed3b0b92c85e1b54c3e34cca39c'],
  [2, '8e89a53b3a1ac844740e4fdb5fbb2f61ced11acf9ec23b590d21ea77cca67976'],
  [3, 'a5e4591e45d0ef50b6f186d4e015f4d04c5b3fce8fbca89f1f1acdc83374c309'],
  [4, '4631b7a732c25a57e4ab41eb7b0bbb51fa9aaf7bb064bf0e5271015411973d9e'],
  [5, '88cbf37f92c258d7a6593b284911805bb874efaa8cc518cab19b6d23e1e61e72'],
  [6, 'e536e6727dbf6fb18666d03f316a7fe8f395a6691ae7a8bb757b6c42b80b488d'],
  [7, '501822a98a2571142a499f2a309c9a6deecf656a8346d0785f191ef796427c33'],
  [8, 'bf5de2d04be06658b4c0a1645d519e9cef76678b9e8e4e0ebab95a7f88d44d34'],
  [9, '2436e0d732d26428447c9c65bc8c969e5d6c69405ef45efef49d1a9f6b8e7dd5'],
  [13, 'ec91c942cf54226d4a15798ce1fef8a7be9dfb8da87d82e4c8c555ef61535bfc'],
  [14, 'c2ca08351aa3dc1aebedb5dfb552920e9ebd9baf0a921c4b75825d79ccc198a7'],
  [15, '13f84ef8a8d60d59a2e6fedb77213268ab7d8e1eb801813a533ce89fabed6ec0'],
  [16, 'b1c4f923a5f8f00b41e8f46752490b05ec60910b2ac9ca1c29d23687a1a28c45'],
  [17, '3c28c95941650887b220e57ab27598ed13e89d15aaffef21ccdb2b70c50d909b'],
  [18, 'b00a8c08d9e319e1dcb155dc722ecec3347517e987243df80b63e34d0234c341'],
]);

test('released migrations keep their SQL byte for byte', () => {
  for (const [version, digest] of RELEASED) {
    const migration = MIGRATIONS.find((m) => m.version === version);
    assert.ok(migration, `migration ${version} is listed`);
    assert.equal(createHash('sha256').update(migration.sql).digest('hex'), digest, `migration ${version}`);
  }
});

test('migrations are numbered 1, 2, 3, … in the order they apply', () => {
  assert.deepEqual(
    MIGRATIONS.map((m) => m.version),
    MIGRATIONS.map((_, i) => i + 1),
  );
});
