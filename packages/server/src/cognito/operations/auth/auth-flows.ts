import type { ExplicitAuthFlow } from '@gatehouse/schemas';
import { requireSecretHash, type ClientAtPool } from '../../app-client.js';
import type { CognitoContext } from '../../operation.js';
import { requireParameter } from './auth-parameters.js';
import { passwordSignIn } from './password-sign-in.js';
import { refreshSignIn } from './refresh-sign-in.js';

/** One InitiateAuth flow: what it needs from AuthParameters, and what it answers. */
export interface AuthFlow {
  /** The app-client setting that allows it (Cognito's ExplicitAuthFlows without ALLOW_). */
  allowedBy: ExplicitAuthFlow;
  start(
    ctx: CognitoContext,
    at: ClientAtPool,
    parameters: Readonly<Record<string, string>> | undefined,
  ): Promise<object>;
}

const userPassword: AuthFlow = {
  allowedBy: 'USER_PASSWORD_AUTH',
  async start(ctx, at, parameters) {
    const username = requireParameter(parameters, 'USERNAME');
    const password = requireParameter(parameters, 'PASSWORD');
    await requireSecretHash(ctx, at.client, parameters?.SECRET_HASH, [username]);
    return passwordSignIn(ctx, at, username, password);
  },
};

const refresh: AuthFlow = { allowedBy: 'REFRESH_TOKEN_AUTH', start: refreshSignIn };

/**
 * InitiateAuth's flows by AuthFlow name. Every name of Cognito's enum is accepted by the input
 * schema; the ones missing here are refused as unsupported.
 */
export const AUTH_FLOWS: Map<string, AuthFlow> = new Map([
  ['USER_PASSWORD_AUTH', userPassword],
  ['REFRESH_TOKEN_AUTH', refresh],
  ['REFRESH_TOKEN', refresh],
]);
