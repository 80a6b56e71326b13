import { z } from 'zod';
import { emailSchema, teamRoleSchema } from './team.js';

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'revoked', 'expired'] as const;
export const invitationStatusSchema = z.enum(INVITATION_STATUSES);
export type InvitationStatus = z.infer<typeof invitationStatusSchema>;

/** An invitation joins no one: the person named by the email becomes a member when they accept it. */
export const inviteMemberSchema = z.object({ email: emailSchema, role: teamRoleSchema.default('member') });
export type InviteMemberInput = z.input<typeof inviteMemberSchema>;

/**
 * A team's view of an invitation, for its members and platform admins. It says nothing about
 * whether an account with that email exists: the answer is the same either way.
 */
export const invitationSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  email: z.string(),
  role: teamRoleSchema,
  status: invitationStatusSchema,
  invitedBy: z.object({ id: z.string().nullable(), name: z.string() }),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type Invitation = z.infer<typeof invitationSchema>;

/** The invitee's view: which team, which role, who asked (by name), and until when. */
export const myInvitationSchema = z.object({
  id: z.string(),
  team: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  role: teamRoleSchema,
  invitedBy: z.object({ name: z.string() }),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type MyInvitation = z.infer<typeof myInvitationSchema>;
