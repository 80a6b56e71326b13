/**
 * @gatehouse/verify: verify Gatehouse (RFC 9068) JWT access tokens in the API that receives them.
 * Framework adapters live in the subpaths `/express`, `/fastify`, `/http` and `/lambda`.
 */
export { bearerToken } from './bearer.js';
export type { VerifierCache } from './cache.js';
export type { VerifiedClaims } from './claims.js';
export { type FailedAssertion, VerifyError, type VerifyErrorCode } from './errors.js';
export { type ChallengeOptions, type HttpErrorAnswer, toHttpError } from './http-error.js';
export type {
  RevocationOptions,
  VerifierAlgorithm,
  VerifierLogger,
  VerifierOptions,
  VerifyOptions,
} from './options.js';
export * from './resource-metadata.js';
export type { RequireTokenOptions } from './respond.js';
export { createVerifier, type Verifier } from './verifier.js';
