import { z } from 'zod';

/**
 * A rate limit as set on a client, a team (the default for its clients) or the platform (the
 * default for every client). Each part is optional: a part left out is inherited, part by part,
 * from the team and then the platform, so a client that sets only `daily` keeps its team's rate.
 */
export const rateLimitSchema = z.strictObject({
  /** Token requests per second (decimals allowed: 0.5 is one every two seconds). */
  rate: z.number().positive().max(1_000_000).optional(),
  /** The bucket's size: requests that may arrive at once after a quiet spell. Default: one second's worth. */
  burst: z.number().int().min(1).max(10_000_000).optional(),
  /** Tokens per UTC day. */
  daily: z.number().int().min(1).max(1_000_000_000_000).optional(),
  /** Count what would have been refused, refuse nothing. */
  observe: z.boolean().optional(),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;

/** Where an effective part comes from; `default` is a burst derived from the rate. */
export const limitSourceSchema = z.enum(['client', 'team', 'platform', 'default']);
export type LimitSource = z.infer<typeof limitSourceSchema>;

/** What the token endpoint applies: each part with where it came from; null parts do not limit. */
export const effectiveRateLimitSchema = z.object({
  rate: z.number().nullable(),
  burst: z.number().int().nullable(),
  daily: z.number().int().nullable(),
  observe: z.boolean(),
  sources: z.object({
    rate: limitSourceSchema.nullable(),
    burst: limitSourceSchema.nullable(),
    daily: limitSourceSchema.nullable(),
    observe: limitSourceSchema.nullable(),
  }),
});
export type EffectiveRateLimit = z.infer<typeof effectiveRateLimitSchema>;

/** Tokens issued today (UTC), as saved by every instance (a few seconds behind the token path). */
export const limitUsageSchema = z.object({ day: z.string(), issued: z.number().int() });

export const clientLimitsSchema = z.object({
  clientId: z.string(),
  teamId: z.string().nullable(),
  own: rateLimitSchema,
  team: rateLimitSchema.nullable(),
  platform: rateLimitSchema,
  effective: effectiveRateLimitSchema,
  usage: limitUsageSchema,
  /** Whether the caller may change the client's own limits (platform admins, or team members within the ceiling). */
  canEdit: z.boolean(),
});
export type ClientLimits = z.infer<typeof clientLimitsSchema>;

export const teamLimitsSchema = z.object({
  teamId: z.string(),
  own: rateLimitSchema,
  platform: rateLimitSchema,
  /** The team's clients: their effective limit and today's usage against it. */
  clients: z.array(
    z.object({
      clientId: z.string(),
      name: z.string(),
      effective: effectiveRateLimitSchema,
      usage: limitUsageSchema,
    }),
  ),
  canEdit: z.boolean(),
});
export type TeamLimits = z.infer<typeof teamLimitsSchema>;

export const platformLimitsSchema = z.object({ own: rateLimitSchema, canEdit: z.boolean() });
export type PlatformLimits = z.infer<typeof platformLimitsSchema>;
