import {
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { srpPoolName } from '../../../src/crypto/cognito-srp.js';
import { formatSrpTimestamp } from '../../../src/services/pools/srp-timestamp.js';
import { SrpTestClient } from './srp-client.js';

export interface SrpRun {
  clientId: string;
  username: string;
  password: string;
  /** For a client with a secret: SECRET_HASH of a name. */
  secretHash?: (username: string) => string;
}

/**
 * USER_SRP_AUTH driven by hand through the AWS SDK v3, as server-side code without
 * amazon-cognito-identity-js does it: InitiateAuth, then the PASSWORD_VERIFIER answer, whose
 * parts a test may change before it is sent.
 */
export async function startSrp(
  sdk: CognitoIdentityProviderClient,
  poolId: string,
  run: SrpRun,
): Promise<{
  challenge: InitiateAuthCommandOutput;
  /** The PASSWORD_VERIFIER answer stamped `at`, signed over `block` (the one issued by default). */
  answer: (at: number, block?: string) => Record<string, string>;
}> {
  const client = new SrpTestClient(srpPoolName(poolId));
  const challenge = await sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: run.clientId,
      AuthParameters: {
        USERNAME: run.username,
        SRP_A: client.srpA(),
        ...(run.secretHash ? { SECRET_HASH: run.secretHash(run.username) } : {}),
      },
    }),
  );
  const parameters = challenge.ChallengeParameters ?? {};
  const userId = parameters.USER_ID_FOR_SRP ?? '';
  const block = parameters.SECRET_BLOCK ?? '';
  const key = client.key(userId, run.password, parameters.SRP_B ?? '', parameters.SALT ?? '');
  const answer = (at: number, signed = block): Record<string, string> => {
    const timestamp = formatSrpTimestamp(at);
    return {
      USERNAME: userId,
      PASSWORD_CLAIM_SECRET_BLOCK: signed,
      TIMESTAMP: timestamp,
      PASSWORD_CLAIM_SIGNATURE: client.sign(key, userId, signed, timestamp),
      ...(run.secretHash ? { SECRET_HASH: run.secretHash(userId) } : {}),
    };
  };
  return { challenge, answer };
}

export function respond(
  sdk: CognitoIdentityProviderClient,
  clientId: string,
  responses: Record<string, string>,
) {
  return sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: responses,
    }),
  );
}
