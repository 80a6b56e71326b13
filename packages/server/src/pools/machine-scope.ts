import { isScopeToken } from '@gatehouse/jws';
import { truncate } from '../oauth/form-request.js';
import { InvalidScope } from '../oauth/errors.js';

/**
 * The scopes a client_credentials request at a pool gets, as Cognito decides them: each one
 * asked for must be among the app client's (`<identifier>/<scope>`, exactly); none asked for
 * means all of them. Order and duplicates of the request do not matter.
 */
export function requestedMachineScopes(allowed: readonly string[], scopeParam: string | undefined): string[] {
  const asked = (scopeParam ?? '').split(' ').filter((scope) => scope !== '');
  if (asked.length === 0) return [...allowed];
  for (const scope of asked) {
    if (!isScopeToken(scope)) throw new InvalidScope('scope contains characters RFC 6749 does not allow');
    if (!allowed.includes(scope)) {
      throw new InvalidScope('the app client is not allowed this scope', { scope: truncate(scope) });
    }
  }
  return allowed.filter((scope) => asked.includes(scope));
}
