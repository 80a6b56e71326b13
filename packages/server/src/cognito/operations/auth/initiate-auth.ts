import { z } from 'zod';
import { appClientOf } from '../../app-client.js';
import { invalidParameter } from '../../errors.js';
import { clientIdField, stringMapField } from '../../input.js';
import { defineOperation } from '../../operation.js';
import { AUTH_FLOWS } from './auth-flows.js';

/** Cognito's AuthFlowType. */
export const FLOW_NAMES = [
  'USER_SRP_AUTH',
  'REFRESH_TOKEN_AUTH',
  'REFRESH_TOKEN',
  'CUSTOM_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'ADMIN_USER_PASSWORD_AUTH',
  'USER_AUTH',
] as const;

const input = z.object({
  AuthFlow: z.enum(FLOW_NAMES),
  ClientId: clientIdField(),
  AuthParameters: stringMapField(),
  ClientMetadata: stringMapField(),
  Session: z.string().max(2048).optional(),
});

/** A person signs in through an app client, with one of the flows the client allows. */
export const initiateAuth = defineOperation({
  name: 'InitiateAuth',
  signed: false,
  input,
  async handle(body, ctx) {
    const at = await appClientOf(ctx, body.ClientId);
    if (body.AuthFlow.startsWith('ADMIN_')) throw invalidParameter('Initiate Auth method not supported.');
    const flow = AUTH_FLOWS.get(body.AuthFlow);
    const allowedBy = flow?.allowedBy ?? body.AuthFlow;
    if (!(at.client.settings.explicitAuthFlows as readonly string[]).includes(allowedBy)) {
      throw invalidParameter(`${body.AuthFlow} flow not enabled for this client`);
    }
    if (!flow) throw invalidParameter(`${body.AuthFlow} is not supported by this user pool.`);
    return flow.start(ctx, at, body.AuthParameters);
  },
});
