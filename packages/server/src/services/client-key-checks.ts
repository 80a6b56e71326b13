import { importPublicJwks, JwksError } from '@gatehouse/jws';
import { customIssue } from '@gatehouse/schemas';
import { ValidationError } from './errors.js';

/** A registered key set must pass the same rules the token path applies (jwk-import.ts). */
export function checkJwks(jwks: unknown): void {
  try {
    importPublicJwks(jwks);
  } catch (error) {
    if (error instanceof JwksError) throw new ValidationError([customIssue('jwks', error.message)]);
    throw error;
  }
}

/** Keys fetched over plain http could be swapped in transit; only tests may allow it. */
export function checkJwksUri(uri: string, allowHttp: boolean): void {
  if (new URL(uri).protocol !== 'https:' && !allowHttp) {
    throw new ValidationError([customIssue('jwksUri', 'must be an https URL')]);
  }
}
