import { z } from 'zod';
import { DEFAULT_TOKEN_TTL, signingAlgSchema, tokenTtlSchema } from './common.js';

/** The resource server Gatehouse registers for itself; its scopes guard Gatehouse's own APIs. */
export const BUILT_IN_RESOURCE_SERVER = 'gatehouse-admin';

const SHORT_IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._~-]*$/;

/**
 * A resource server identifier is the `aud` of its tokens: an absolute URI
 * (`https://orders.example.com`) or a short string (`lj-health-food`).
 * It may not end in `/`, so that `<identifier>/<scope>` splits one way only.
 */
export const resourceIdentifierSchema = z
  .string()
  .min(1, 'is required')
  .max(200, 'must be at most 200 characters')
  .superRefine((value, ctx) => {
    if (value.includes(':')) {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not a valid absolute URI' });
        return;
      }
      if (url.hash || value.includes('#'))
        ctx.addIssue({ code: 'custom', message: 'must not contain a fragment' });
      if (/\s/.test(value)) ctx.addIssue({ code: 'custom', message: 'must not contain spaces' });
    } else if (!SHORT_IDENTIFIER.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an absolute URI or a short name of letters, digits, ".", "_", "~" and "-"',
      });
    }
    if (value.endsWith('/')) ctx.addIssue({ code: 'custom', message: 'must not end with "/"' });
  });

/** Scope names are RFC 6749 scope-tokens, narrowed to a readable set without `/` or spaces. */
export const scopeNameSchema = z
  .string()
  .min(1, 'is required')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:*-]*$/, 'may contain letters, digits, ".", "_", ":", "*" and "-"');

export const scopeSchema = z.object({
  name: scopeNameSchema,
  description: z.string().max(500, 'must be at most 500 characters').default(''),
});
export type ScopeInput = z.input<typeof scopeSchema>;

export const createResourceServerSchema = z.object({
  identifier: resourceIdentifierSchema,
  name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  description: z.string().max(1000, 'must be at most 1000 characters').default(''),
  scopes: z
    .array(scopeSchema)
    .max(200, 'at most 200 scopes per resource server')
    .default([])
    .superRefine((scopes, ctx) => {
      const seen = new Set<string>();
      scopes.forEach((scope, index) => {
        if (seen.has(scope.name)) {
          ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `duplicate scope "${scope.name}"` });
        }
        seen.add(scope.name);
      });
    }),
  tokenTtl: tokenTtlSchema.default(DEFAULT_TOKEN_TTL),
  signingAlg: signingAlgSchema.default('ES256'),
});
export type CreateResourceServerInput = z.input<typeof createResourceServerSchema>;
export type CreateResourceServer = z.output<typeof createResourceServerSchema>;

export const resourceServerSchema = z.object({
  id: z.string(),
  identifier: z.string(),
  name: z.string(),
  description: z.string(),
  scopes: z.array(z.object({ name: z.string(), description: z.string() })),
  tokenTtl: z.number().int(),
  signingAlg: signingAlgSchema,
  builtIn: z.boolean(),
  teamId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ResourceServer = z.infer<typeof resourceServerSchema>;
