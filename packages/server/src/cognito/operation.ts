import type { z } from 'zod';
import type { PoolProtocol } from '../pools/pool-protocol-deps.js';
import type { Actor } from '../services/actor.js';
import type { OpenGatehouse } from '../services/gatehouse.js';
import type { AccessKeyPrincipal } from './access-key-principal.js';

/** Where a request came from, for the audit log and the sign-in lockout. */
export interface CognitoOrigin {
  ip: string | null;
  userAgent: string | null;
}

/** What an operation gets besides its input. */
export interface CognitoContext {
  gatehouse: OpenGatehouse;
  /** The pools' token side: the pool and app client cache, token minting, refresh families. */
  pools: PoolProtocol;
  origin: CognitoOrigin;
  /** The self-service actor for public operations; the access key's actor for signed ones. */
  actor: Actor;
  /** Set only for signed operations. */
  principal: AccessKeyPrincipal | null;
}

/**
 * One operation of Cognito's user-pool API (`X-Amz-Target: AWSCognitoIdentityProviderService.<name>`).
 * The dispatcher checks the signature when `signed`, parses the input (an invalid one is refused
 * with InvalidParameterException before `handle` runs), and writes what `handle` returns as the
 * JSON answer (`{}` where Cognito answers with an empty object).
 */
export interface CognitoOperation<I = unknown> {
  name: string;
  /** True: the request must carry a valid AWS Signature Version 4 (admin and management operations). */
  signed: boolean;
  input: z.ZodType<I>;
  handle(input: I, ctx: CognitoContext): Promise<object>;
}

/** Keeps the input type of each operation while they share one array. */
export function defineOperation<I>(operation: CognitoOperation<I>): CognitoOperation {
  return operation as unknown as CognitoOperation;
}
