import { z } from 'zod';
import { adminClient, contextDataField, onBehalfOf } from '../../admin/admin-client.js';
import { poolIdField } from '../../management/fields.js';
import { invalidParameter } from '../../errors.js';
import { clientIdField, str, stringMapField } from '../../input.js';
import { defineOperation } from '../../operation.js';
import { AUTH_CHALLENGES } from '../auth/auth-challenges.js';

/** The answer to a challenge AdminInitiateAuth asked (NEW_PASSWORD_REQUIRED), on the person's behalf. */
export const adminRespondToAuthChallenge = defineOperation({
  name: 'AdminRespondToAuthChallenge',
  signed: true,
  input: z.object({
    UserPoolId: poolIdField(),
    ClientId: clientIdField(),
    ChallengeName: str(1, 64),
    ChallengeResponses: stringMapField(),
    Session: z.string().min(20).max(2048).optional(),
    ClientMetadata: stringMapField(),
    AnalyticsMetadata: z.object({ AnalyticsEndpointId: z.string().max(2048).optional() }).optional(),
    ContextData: contextDataField(),
  }),
  async handle(body, ctx) {
    const at = await adminClient(ctx, body.UserPoolId, body.ClientId);
    const challenge = AUTH_CHALLENGES.get(body.ChallengeName);
    if (!challenge) throw invalidParameter(`Unsupported challenge ${body.ChallengeName}.`);
    return challenge(onBehalfOf(ctx, body.ContextData), at, body.ChallengeResponses, body.Session);
  },
});
