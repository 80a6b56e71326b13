import { z } from 'zod';

/**
 * A person's session at a pool as admins see it. `id` is the SHA-256 of the cookie value:
 * enough to name (and revoke) the session, useless to replay it.
 */
export const poolSessionSchema = z.object({
  id: z.string().describe("The SHA-256 of the session cookie: names the session, can't replay it"),
  poolId: z.string(),
  sub: z.string(),
  authTime: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type PoolSession = z.infer<typeof poolSessionSchema>;
