/**
 * @gatehouse/verify: verify Gatehouse tokens in the API that receives them: machine (RFC 9068)
 * access tokens, and a user pool's access and ID tokens.
 * Framework adapters live in the subpaths `/express`, `/fastify`, `/http` and `/lambda`.
 */
export { bearerToken } from './bearer.js';
export type { VerifierCache } from './cache.js';
export type {
  AnyVerifiedClaims,
  PoolAccessTokenClaims,
  PoolIdTokenClaims,
  VerifiedClaims,
} from './claims.js';
export { type FailedAssertion, VerifyError, type VerifyErrorCode } from './errors.js';
export {
  type ChallengeOptions,
  type HttpErrorAnswer,
  isTokenRefusal,
  type RefusalHttpFields,
  type TokenRefusal,
  toHttpError,
} from './http-error.js';
export type {
  AnyVerifierOptions,
  CommonVerifierOptions,
  MachineVerifierOptions,
  PoolAccessVerifierOptions,
  PoolAnyVerifierOptions,
  PoolIdVerifierOptions,
  RevocationOptions,
  VerifierAlgorithm,
  VerifierLogger,
  VerifierOptions,
  VerifyOptions,
} from './options.js';
export {
  defaultRefusalLogger,
  type RefusalLine,
  type RefusalLogger,
  type RefusalOptions,
  refusalLine,
} from './refusal.js';
export * from './resource-metadata.js';
export type { RequireTokenOptions } from './respond.js';
export { createVerifier, type Verifier } from './verifier.js';
