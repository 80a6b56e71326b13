import { z } from 'zod';
import { appClientOf } from '../../app-client.js';
import { invalidParameter } from '../../errors.js';
import { clientIdField, str, stringMapField } from '../../input.js';
import { defineOperation } from '../../operation.js';
import { AUTH_CHALLENGES } from './auth-challenges.js';

const input = z.object({
  ClientId: clientIdField(),
  ChallengeName: str(1, 64),
  Session: z.string().min(20).max(2048).optional(),
  ChallengeResponses: stringMapField(),
  ClientMetadata: stringMapField(),
});

/** The answer to a challenge InitiateAuth asked. */
export const respondToAuthChallenge = defineOperation({
  name: 'RespondToAuthChallenge',
  signed: false,
  input,
  async handle(body, ctx) {
    const at = await appClientOf(ctx, body.ClientId);
    const challenge = AUTH_CHALLENGES.get(body.ChallengeName);
    if (!challenge) throw invalidParameter(`Unsupported challenge ${body.ChallengeName}.`);
    return challenge(ctx, at, body.ChallengeResponses, body.Session);
  },
});
