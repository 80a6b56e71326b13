import { z } from 'zod';
import { prose, text } from './text.js';
import { MAX_SECRET_LIFETIME } from './common.js';
import { qualifiedScopeSchema } from './client.js';

export const ACCESS_REQUEST_STATUSES = ['pending', 'approved', 'denied', 'cancelled', 'expired'] as const;
export const accessRequestStatusSchema = z.enum(ACCESS_REQUEST_STATUSES);
export type AccessRequestStatus = z.infer<typeof accessRequestStatusSchema>;

/** How long a permission lasts: an hour to ten years; absent means until removed. */
export const permissionLifetimeSchema = z
  .number()
  .int('must be a whole number of seconds')
  .min(3600, 'must be at least one hour')
  .max(MAX_SECRET_LIFETIME, 'must be at most ten years');

export const createAccessRequestSchema = z.object({
  clientId: text().min(1, 'is required').max(256),
  scope: qualifiedScopeSchema,
  reason: prose().trim().min(1, 'say why the client needs it').max(2000, 'must be at most 2000 characters'),
  expiresIn: permissionLifetimeSchema.optional(),
});
export type CreateAccessRequestInput = z.input<typeof createAccessRequestSchema>;

export const decisionSchema = z.object({
  comment: prose().max(2000, 'must be at most 2000 characters').optional(),
});
export type DecisionBody = z.input<typeof decisionSchema>;

const personRef = z.object({ id: z.string().nullable(), name: z.string(), email: z.string().nullable() });

export const accessRequestSchema = z.object({
  id: z.string(),
  status: accessRequestStatusSchema,
  client: z.object({
    clientId: z.string(),
    name: z.string(),
    teamId: z.string().nullable(),
    teamName: z.string().nullable(),
  }),
  resourceServer: z.object({
    id: z.string(),
    identifier: z.string(),
    name: z.string(),
    teamId: z.string().nullable(),
    teamName: z.string().nullable(),
  }),
  scope: z.string(),
  qualifiedScope: z.string(),
  reason: z.string(),
  permissionExpiresIn: z.number().nullable(),
  permissionExpiresAt: z.string().nullable(),
  grantExpiresIn: z.number().nullable().meta({
    deprecated: true,
    description: 'Deprecated: the same as `permissionExpiresIn`, kept for one release',
  }),
  grantExpiresAt: z.string().nullable().meta({
    deprecated: true,
    description: 'Deprecated: the same as `permissionExpiresAt`, kept for one release',
  }),
  requestedBy: personRef,
  decidedBy: personRef.nullable(),
  comment: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type AccessRequest = z.infer<typeof accessRequestSchema>;
