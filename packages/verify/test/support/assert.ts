import * as assert from 'node:assert/strict';
import { type FailedAssertion, VerifyError, type VerifyErrorCode } from '../../src/index.js';

/** Awaits a rejection and checks it is a VerifyError with `code` (and, when given, the failed assertion). */
export async function rejectsWithCode(
  promise: Promise<unknown>,
  code: VerifyErrorCode,
  failedAssertion?: FailedAssertion | ((actual: FailedAssertion | undefined) => void),
): Promise<VerifyError> {
  let thrown: unknown;
  try {
    await promise;
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof VerifyError, `expected VerifyError ${code}, got ${String(thrown)}`);
  assert.equal(thrown.code, code, thrown.message);
  if (typeof failedAssertion === 'function') failedAssertion(thrown.failedAssertion);
  else if (failedAssertion !== undefined) assert.deepEqual(thrown.failedAssertion, failedAssertion);
  return thrown;
}

/** A fetch that counts the requests per URL path before passing them on. */
export function countingFetch(): { fetch: typeof fetch; count: (path: string) => number; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    count: (path) => calls.filter((url) => new URL(url).pathname === path).length,
    fetch: (input, init) => {
      calls.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      return fetch(input, init);
    },
  };
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
