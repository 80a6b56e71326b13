/** @gatehouse/client: OAuth 2.0 client credentials tokens, cached and renewed, and a fetch that sends them. */
export { TokenError, type TokenErrorCode } from './errors.js';
export type {
  AssertionAlgorithm,
  CommonOptions,
  EndpointOptions,
  KeyCredentials,
  RetryOptions,
  SecretCredentials,
  TokenClientOptions,
} from './options.js';
export { createTokenClient, type GetTokenOptions, type TokenClient } from './token-client.js';
export type { TokenResponse } from './token-response.js';
