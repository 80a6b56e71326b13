import { z } from 'zod';
import { prose, text } from './text.js';

/** Cognito's rule for group names: no spaces, up to 128 characters; compared as written. */
export const poolGroupNameSchema = text()
  .min(1, 'is required')
  .max(128, 'must be at most 128 characters')
  .regex(
    /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u,
    'may contain letters, digits, symbols and punctuation, no spaces',
  );

export const createPoolGroupSchema = z.object({
  name: poolGroupNameSchema,
  description: prose().max(2048, 'must be at most 2048 characters').default(''),
  /** Lower wins when a user is in several groups (Cognito's role precedence). */
  precedence: z
    .number()
    .int('must be a whole number')
    .min(0, 'must be at least 0')
    .max(2_147_483_647)
    .optional(),
});
export type CreatePoolGroupInput = z.input<typeof createPoolGroupSchema>;

export const poolGroupSchema = z.object({
  poolId: z.string(),
  name: z.string(),
  description: z.string(),
  precedence: z.number().int().optional(),
  createdAt: z.string(),
});
export type PoolGroup = z.infer<typeof poolGroupSchema>;
