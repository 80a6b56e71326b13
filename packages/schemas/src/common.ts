import { z } from 'zod';

/** Algorithms Gatehouse signs access tokens with. ES256 is the default: small, fast, widely supported. */
export const SIGNING_ALGS = ['ES256', 'RS256', 'EdDSA'] as const;
export const signingAlgSchema = z.enum(SIGNING_ALGS);
export type SigningAlg = z.infer<typeof signingAlgSchema>;

export const TOKEN_ENDPOINT_AUTH_METHODS = [
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
] as const;
export const authMethodSchema = z.enum(TOKEN_ENDPOINT_AUTH_METHODS);
export type TokenEndpointAuthMethod = z.infer<typeof authMethodSchema>;

/**
 * OAuth grant types (RFC 6749 §1.3) a client may be allowed to use. The server has one module
 * for each (its oauth/grants/), and its registry is typed so that the two lists stay the same.
 */
export const GRANT_TYPES = ['client_credentials'] as const;
export const grantTypeSchema = z.enum(GRANT_TYPES, {
  error: () => `must be one of ${GRANT_TYPES.join(', ')}`,
});
export type GrantType = z.infer<typeof grantTypeSchema>;
/** Clients registered without a choice get tokens for themselves, as every client did before. */
export const DEFAULT_GRANT_TYPES: readonly GrantType[] = ['client_credentials'];
/** Empty is allowed: such a client keeps its settings but may use no grant at the token endpoint. */
export const grantTypesSchema = z
  .array(grantTypeSchema)
  .max(10, 'at most 10 grant types')
  .refine((types) => new Set(types).size === types.length, 'names a grant type twice');

/** Access tokens are short-lived by design: one minute to one day. */
export const MIN_TOKEN_TTL = 60;
export const MAX_TOKEN_TTL = 86_400;
export const DEFAULT_TOKEN_TTL = 3600;
export const tokenTtlSchema = z
  .number()
  .int('must be a whole number of seconds')
  .min(MIN_TOKEN_TTL, `must be at least ${MIN_TOKEN_TTL} seconds`)
  .max(MAX_TOKEN_TTL, `must be at most ${MAX_TOKEN_TTL} seconds (one day)`);

/** How long a client secret lives, when it should not live forever: a minute to ten years. */
export const MAX_SECRET_LIFETIME = 10 * 365 * 86_400;
export const secretLifetimeSchema = z
  .number()
  .int('must be a whole number of seconds')
  .min(60, 'must be at least 60 seconds')
  .max(MAX_SECRET_LIFETIME, 'must be at most ten years');
