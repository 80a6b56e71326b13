import { z } from 'zod';
import type { ExplicitAuthFlow } from '@gatehouse/schemas';
import { adminClient, contextDataField, onBehalfOf } from '../../admin/admin-client.js';
import { poolIdField } from '../../management/fields.js';
import { type ClientAtPool, requireSecretHash } from '../../app-client.js';
import { invalidParameter } from '../../errors.js';
import { clientIdField, stringMapField } from '../../input.js';
import { defineOperation } from '../../operation.js';
import { requireParameter } from '../auth/auth-parameters.js';
import { FLOW_NAMES } from '../auth/initiate-auth.js';
import { passwordSignIn } from '../auth/password-sign-in.js';
import { refreshSignIn } from '../auth/refresh-sign-in.js';
import type { CognitoContext } from '../../operation.js';

type Parameters = Readonly<Record<string, string>> | undefined;

interface AdminFlow {
  allowedBy: ExplicitAuthFlow;
  start(ctx: CognitoContext, at: ClientAtPool, parameters: Parameters): Promise<object>;
}

const adminPassword: AdminFlow = {
  allowedBy: 'ADMIN_USER_PASSWORD_AUTH',
  async start(ctx, at, parameters) {
    const username = requireParameter(parameters, 'USERNAME');
    const password = requireParameter(parameters, 'PASSWORD');
    await requireSecretHash(ctx, at.client, parameters?.SECRET_HASH, [username]);
    return passwordSignIn(ctx, at, username, password);
  },
};

const refresh: AdminFlow = { allowedBy: 'REFRESH_TOKEN_AUTH', start: refreshSignIn };

/** ADMIN_NO_SRP_AUTH is the flow's older name; Cognito still takes it. */
const ADMIN_FLOWS: ReadonlyMap<string, AdminFlow> = new Map([
  ['ADMIN_USER_PASSWORD_AUTH', adminPassword],
  ['ADMIN_NO_SRP_AUTH', adminPassword],
  ['REFRESH_TOKEN_AUTH', refresh],
  ['REFRESH_TOKEN', refresh],
]);

/**
 * A backend signs a person in with their username and password, or refreshes their tokens:
 * the same sign-in, lockout, challenges and tokens as InitiateAuth, for app clients that allow
 * ADMIN_USER_PASSWORD_AUTH.
 */
export const adminInitiateAuth = defineOperation({
  name: 'AdminInitiateAuth',
  signed: true,
  input: z.object({
    UserPoolId: poolIdField(),
    ClientId: clientIdField(),
    AuthFlow: z.enum(FLOW_NAMES),
    AuthParameters: stringMapField(),
    ClientMetadata: stringMapField(),
    AnalyticsMetadata: z.object({ AnalyticsEndpointId: z.string().max(2048).optional() }).optional(),
    ContextData: contextDataField(),
  }),
  async handle(body, ctx) {
    const at = await adminClient(ctx, body.UserPoolId, body.ClientId);
    const flow = ADMIN_FLOWS.get(body.AuthFlow);
    if (!flow) throw invalidParameter('Initiate Auth method not supported.');
    if (!(at.client.settings.explicitAuthFlows as readonly string[]).includes(flow.allowedBy)) {
      throw invalidParameter('Auth flow not enabled for this client');
    }
    return flow.start(onBehalfOf(ctx, body.ContextData), at, body.AuthParameters);
  },
});
