import { z } from 'zod';
import { prose, text } from './text.js';

/**
 * Access keys sign calls to the Cognito wire with AWS Signature Version 4, as AWS access keys
 * do. The id has AWS's shape (20 upper-case characters) with a prefix of Gatehouse's own, so
 * secret scanners and people can tell the two apart.
 */
export const ACCESS_KEY_ID_PREFIX = 'GHAK';
export const accessKeyIdSchema = text().regex(
  /^GHAK[A-Z2-7]{16}$/,
  'is not a Gatehouse access key id (GHAK…)',
);

export const createAccessKeySchema = z
  .object({
    /** Slug or id of the team whose user pools the key reaches. */
    team: text().min(1, 'is required').max(100).optional(),
    /** A key for every team's pools, acting as a platform admin; only platform admins may make one. */
    platformAdmin: z.boolean().default(false),
    name: text().trim().max(100, 'must be at most 100 characters').default(''),
    description: prose().max(1000, 'must be at most 1000 characters').default(''),
  })
  .strict()
  .superRefine((value, ctx) => {
    if ((value.team === undefined) === !value.platformAdmin) {
      ctx.addIssue({
        code: 'custom',
        path: ['team'],
        message: 'name the team the key acts for, or set platformAdmin for a platform-wide key (one of them)',
      });
    }
  });
export type CreateAccessKeyInput = z.input<typeof createAccessKeySchema>;

export const updateAccessKeySchema = z
  .object({
    enabled: z.boolean().optional(),
    name: text().trim().max(100, 'must be at most 100 characters').optional(),
    description: prose().max(1000, 'must be at most 1000 characters').optional(),
  })
  .strict();
export type UpdateAccessKeyInput = z.input<typeof updateAccessKeySchema>;

/** An access key as every answer shows it: never its secret. */
export const accessKeySchema = z.object({
  accessKeyId: z.string(),
  /** Null: a platform admin's key, reaching every team's pools. */
  teamId: z.string().nullable(),
  platformAdmin: z.boolean(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type AccessKey = z.infer<typeof accessKeySchema>;

/** The answer to creating a key: the only place its secret ever shows. */
export const createdAccessKeySchema = accessKeySchema.extend({ secretAccessKey: z.string() });
export type CreatedAccessKey = z.infer<typeof createdAccessKeySchema>;
