import { z } from 'zod';
import { prose, text } from './text.js';
import {
  authMethodSchema,
  DEFAULT_GRANT_TYPES,
  grantTypeSchema,
  grantTypesSchema,
  secretLifetimeSchema,
  tokenTtlSchema,
} from './common.js';

/** `<identifier>/<scope>`, the Cognito form; the server resolves it against registered identifiers. */
export const qualifiedScopeSchema = text()
  .min(3, 'must look like <resource-identifier>/<scope>')
  .max(330, 'is too long')
  .regex(/^\S+\/[^\s/]+$/, 'must look like <resource-identifier>/<scope>');

/** Keys per private_key_jwt client; the server holds fetched key sets to the same number. */
export const MAX_CLIENT_KEYS = 10;

/**
 * A JWKS as registered. Each key's own rules (RSA 2048 to 4096 bits with exponent 65537, EC on
 * P-256, P-384 or P-521, Ed25519 or Ed448, public members only) are checked by the server.
 */
export const jwksSchema = z.object({
  keys: z
    .array(z.record(z.string(), z.unknown()))
    .min(1, 'needs at least one key')
    .max(MAX_CLIENT_KEYS, `at most ${MAX_CLIENT_KEYS} keys`),
});

// Answers show what is stored, which may predate today's limits.
const storedJwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });

export const jwksUriSchema = text()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an absolute https URL');

export const createClientSchema = z
  .object({
    name: text().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
    description: prose().max(1000, 'must be at most 1000 characters').default(''),
    scopes: z.array(qualifiedScopeSchema).max(500, 'at most 500 scopes').default([]),
    authMethod: authMethodSchema.default('client_secret_basic'),
    grantTypes: grantTypesSchema.default([...DEFAULT_GRANT_TYPES]),
    tokenTtl: tokenTtlSchema.optional(),
    jwks: jwksSchema.optional(),
    jwksUri: jwksUriSchema.optional(),
    secretExpiresIn: secretLifetimeSchema.optional(),
  })
  .superRefine((value, ctx) => {
    const keyed = value.jwks !== undefined || value.jwksUri !== undefined;
    if (value.authMethod === 'private_key_jwt') {
      if (!keyed)
        ctx.addIssue({ code: 'custom', path: ['jwks'], message: 'private_key_jwt needs jwks or jwksUri' });
      if (value.jwks && value.jwksUri) {
        ctx.addIssue({ code: 'custom', path: ['jwksUri'], message: 'give jwks or jwksUri, not both' });
      }
    } else if (keyed) {
      ctx.addIssue({
        code: 'custom',
        path: ['jwks'],
        message: 'public keys are only used with private_key_jwt',
      });
    }
  });
export type CreateClientInput = z.input<typeof createClientSchema>;

export const clientSecretInfoSchema = z.object({
  id: z.string(),
  hint: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** When the secret last authenticated its client; written behind, so up to about a minute late. */
  lastUsedAt: z.string().nullable(),
});
export type ClientSecretInfo = z.infer<typeof clientSecretInfoSchema>;

/** A qualified scope the client may request, until `expiresAt` when it is time-limited. */
export const permissionSchema = z.object({ scope: z.string(), expiresAt: z.string().nullable() });
export type Permission = z.infer<typeof permissionSchema>;

export const clientSchema = z.object({
  clientId: z.string(),
  name: z.string(),
  description: z.string(),
  authMethod: authMethodSchema.describe(
    'The method it registered. A client with a secret may always use HTTP Basic as well (RFC 6749 §2.3.1)',
  ),
  grantTypes: z.array(grantTypeSchema).describe('The grant types it may use at the token endpoint'),
  scopes: z.array(z.string()),
  permissions: z.array(permissionSchema),
  grants: z.array(permissionSchema).meta({
    deprecated: true,
    description: 'Deprecated: the same list as `permissions`, kept for one release',
  }),
  tokenTtl: z.number().int().nullable(),
  enabled: z.boolean(),
  jwks: storedJwksSchema.nullable(),
  jwksUri: z.string().nullable(),
  secrets: z.array(clientSecretInfoSchema),
  teamId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type Client = z.infer<typeof clientSchema>;

export const issuedSecretSchema = z.object({
  id: z.string(),
  secret: z.string().describe('Shown once; only its hash is kept'),
  hint: z.string(),
  expiresAt: z.string().nullable(),
});
export type IssuedSecretView = z.infer<typeof issuedSecretSchema>;
