import { poolSignUpResultSchema, poolSignUpSchema } from '@gatehouse/schemas';
import { adminSignUp, resendConfirmationCode } from '../../services/pools/admin-sign-up.js';
import { route } from '../route.js';

const TAG = 'User pools: users';

export const poolSignUpRoutes = [
  route({
    method: 'POST',
    path: '/api/v1/user-pools/:poolId/sign-ups',
    summary:
      'Sign a person up as the hosted page does: UNCONFIRMED, with a 6-digit code emailed to confirm (auto-confirming pools: CONFIRMED)',
    tag: TAG,
    body: poolSignUpSchema,
    response: poolSignUpResultSchema,
    status: 201,
    async handler({ server, actor, params, body }) {
      return adminSignUp(server.gatehouse, params.poolId ?? '', body, actor);
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/user-pools/:poolId/users/:username/confirmation-code',
    summary: 'Email an UNCONFIRMED user a new confirmation code; the previous one stops working',
    tag: TAG,
    response: poolSignUpResultSchema,
    async handler({ server, actor, params }) {
      return resendConfirmationCode(server.gatehouse, params.poolId ?? '', params.username ?? '', actor);
    },
  }),
];
