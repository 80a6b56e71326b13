import { invitationSchema, inviteMemberSchema, myInvitationSchema, teamSchema } from '@gatehouse/schemas';
import { z } from 'zod';
import { route } from '../route.js';

export const invitationRoutes = [
  route({
    method: 'POST',
    path: '/api/v1/teams/:id/invitations',
    summary: 'Invite someone by email (owners); they join when they accept',
    tag: 'Teams',
    body: inviteMemberSchema,
    response: invitationSchema,
    status: 201,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.invitations.invite(params.id ?? '', body, actor);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/teams/:id/invitations',
    summary: "A team's pending invitations (its members)",
    tag: 'Teams',
    response: z.object({ invitations: z.array(invitationSchema) }),
    async handler({ server, actor, params }) {
      return { invitations: await server.gatehouse.invitations.listForTeam(params.id ?? '', actor) };
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/teams/:id/invitations/:invitationId',
    summary: 'Revoke a pending invitation (owners)',
    tag: 'Teams',
    async handler({ server, actor, params }) {
      await server.gatehouse.invitations.revoke(params.id ?? '', params.invitationId ?? '', actor);
      return undefined;
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/invitations',
    summary: 'My pending invitations, matched by the email of my account',
    tag: 'Teams',
    access: 'user',
    response: z.object({ invitations: z.array(myInvitationSchema) }),
    async handler({ server, actor }) {
      return { invitations: await server.gatehouse.invitations.mine(actor) };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/invitations/:id/accept',
    summary: 'Accept one of my invitations: join the team with the invited role',
    tag: 'Teams',
    access: 'user',
    response: teamSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.invitations.accept(params.id ?? '', actor);
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/invitations/:id/decline',
    summary: 'Decline one of my invitations',
    tag: 'Teams',
    access: 'user',
    async handler({ server, actor, params }) {
      await server.gatehouse.invitations.decline(params.id ?? '', actor);
      return undefined;
    },
  }),
];
