import { z } from 'zod';
import { DEFAULT_TOKEN_TTL, signingAlgSchema, tokenTtlSchema } from './common.js';
import { prose, text } from './text.js';

/** The resource server Gatehouse registers for itself; its scopes guard Gatehouse's own APIs. */
export const BUILT_IN_RESOURCE_SERVER = 'gatehouse-admin';

/** A short identifier: lowercase letters, digits, ".", "_" and "-", starting with a letter or digit. */
const SHORT_IDENTIFIER = /^[a-z0-9][a-z0-9._-]*$/;
/** RFC 3986 §3.1. */
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/**
 * What may follow the scheme: RFC 3986's unreserved and reserved characters and `%XX` escapes,
 * less the sub-delimiters a shell gives meaning to (`$ ' ( ) ; & ! *`) and `#` (no fragment).
 * RFC 3986 never allows spaces, controls, quotes, `` ` ``, `|`, `\`, `<>`, `{}` or `^` at all.
 */
const URI_REST = /^(?:[A-Za-z0-9\-._~:/?@[\]+,=]|%[0-9A-Fa-f]{2})+$/;
/** Prefixes of Gatehouse's own ids; lookups take an id or an identifier, so the two never meet. */
export const RESERVED_ID_PREFIXES = ['rs_', 'ar_', 'sec_', 'team_', 'usr_'] as const;

const SHAPE_HELP =
  'must be an absolute URI or a short name (https://orders.example.com, urn:example:orders, lj-health-food); a short name has lowercase letters, digits, ".", "_" and "-"';

/**
 * A resource server identifier is the `aud` of its tokens: an absolute URI
 * (`https://orders.example.com`) or a short name (`lj-health-food`). It may not end in `/`,
 * so that `<identifier>/<scope>` splits one way only. The rules are strict because the
 * identifier is pasted into shells and code as part of a token request; identifiers stored
 * before these rules keep working, they are only checked on creation.
 */
export const resourceIdentifierSchema = text()
  .min(1, 'is required')
  .max(200, 'must be at most 200 characters')
  .superRefine((value, ctx) => {
    if (value === '') return;
    const scheme = URI_SCHEME.exec(value);
    if (scheme) {
      const rest = value.slice(scheme[0].length);
      if (value.includes('#')) {
        ctx.addIssue({ code: 'custom', message: 'must not contain a fragment ("#")' });
      } else if (/\s/.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'must not contain spaces' });
      } else if (!URI_REST.test(rest)) {
        ctx.addIssue({
          code: 'custom',
          message:
            'may only contain letters, digits, "%XX" escapes and - . _ ~ : / ? @ [ ] + , = after the scheme',
        });
      } else if (!parsesAsUrl(value)) {
        ctx.addIssue({ code: 'custom', message: 'is not a valid absolute URI' });
      }
    } else if (!SHORT_IDENTIFIER.test(value)) {
      ctx.addIssue({ code: 'custom', message: SHAPE_HELP });
    } else {
      const reserved = RESERVED_ID_PREFIXES.find((prefix) => value.startsWith(prefix));
      if (reserved) {
        ctx.addIssue({
          code: 'custom',
          message: `must not start with "${reserved}", which Gatehouse uses for its own ids`,
        });
      }
    }
    if (value.endsWith('/')) ctx.addIssue({ code: 'custom', message: 'must not end with "/"' });
  });

function parsesAsUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** Scope names are RFC 6749 scope-tokens, narrowed to a readable set without `/` or spaces. */
export const scopeNameSchema = text()
  .min(1, 'is required')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:*-]*$/, 'may contain letters, digits, ".", "_", ":", "*" and "-"');

export const scopeSchema = z.object({
  name: scopeNameSchema,
  description: prose().max(500, 'must be at most 500 characters').default(''),
});
export type ScopeInput = z.input<typeof scopeSchema>;

/**
 * How tokens for a resource server name its scopes. `rfc9068` (the default): short names
 * (`place-order`), as RFC 9068 tokens carry them. `cognito`: qualified names
 * (`lj-health-food/place-order`) plus `token_use: "access"`, `auth_time` and `version: 2`, the
 * shape Amazon Cognito issues, so an API verifying with aws-jwt-verify runs unchanged.
 */
export const TOKEN_PROFILES = ['rfc9068', 'cognito'] as const;
export const tokenProfileSchema = z.enum(TOKEN_PROFILES, {
  error: () => `must be one of ${TOKEN_PROFILES.join(', ')}`,
});
export type TokenProfile = z.infer<typeof tokenProfileSchema>;
export const DEFAULT_TOKEN_PROFILE: TokenProfile = 'rfc9068';

const resourceServerNameSchema = text()
  .trim()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters');
const resourceServerDescriptionSchema = prose().max(1000, 'must be at most 1000 characters');

export const createResourceServerSchema = z.object({
  identifier: resourceIdentifierSchema,
  name: resourceServerNameSchema,
  description: resourceServerDescriptionSchema.default(''),
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
  tokenProfile: tokenProfileSchema.default(DEFAULT_TOKEN_PROFILE),
});
export type CreateResourceServerInput = z.input<typeof createResourceServerSchema>;

/**
 * A change names only what it changes; the identifier is the tokens' `aud` and stays.
 * `signingAlg` switches only once a key of that algorithm has been published long enough for
 * verifiers to have it. `teamId` (slug or id) moves the API to another team: its members and
 * platform admins may, when they are members of that team too.
 */
export const updateResourceServerSchema = z
  .object({
    name: resourceServerNameSchema,
    description: resourceServerDescriptionSchema,
    tokenTtl: tokenTtlSchema,
    signingAlg: signingAlgSchema,
    tokenProfile: tokenProfileSchema,
    teamId: text().min(1, 'choose the team that will own it').max(100),
  })
  .partial()
  .strict();
export type UpdateResourceServerInput = z.input<typeof updateResourceServerSchema>;

export const resourceServerSchema = z.object({
  id: z.string(),
  identifier: z.string(),
  name: z.string(),
  description: z.string(),
  scopes: z.array(z.object({ name: z.string(), description: z.string() })),
  tokenTtl: z.number().int(),
  signingAlg: signingAlgSchema,
  tokenProfile: tokenProfileSchema,
  builtIn: z.boolean(),
  teamId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  metadataUrl: z
    .string()
    .optional()
    .describe(
      "Where Gatehouse serves this API's RFC 9728 protected resource metadata, a stable URL under the " +
        'issuer; the API can name it in `resource_metadata` of its WWW-Authenticate challenges. Set in every admin API answer',
    ),
});
export type ResourceServer = z.infer<typeof resourceServerSchema>;
