import * as assert from 'node:assert/strict';

/** For assert.rejects: the SDK threw this modeled exception, with this message when given. */
export const refusedWith =
  (type: new (...args: never[]) => Error, message?: string) =>
  (error: unknown): boolean => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  };
