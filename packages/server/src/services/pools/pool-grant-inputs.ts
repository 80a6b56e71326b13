import type { AppClient } from '@gatehouse/schemas';
import type { PoolRecord } from './pool-access.js';
import type { ActiveUser } from './pool-token-user.js';
import type { MintedTokens } from './pool-tokens.js';

/** What a grant issues: the tokens, and a new refresh token unless the client keeps its first. */
export interface PoolGrantResult extends MintedTokens {
  refreshToken?: string;
}

export interface RedeemCodeInput {
  pool: PoolRecord;
  client: AppClient;
  code: string;
  redirectUri: string | undefined;
  codeVerifier: string | undefined;
}

/** A sign-in that did not go through the authorize endpoint (Cognito's InitiateAuth). */
export interface DirectSignInInput {
  pool: PoolRecord;
  client: AppClient;
  user: ActiveUser;
  scopes: readonly string[];
  /** Epoch milliseconds. */
  authTime: number;
}

export interface ClientCredentialsInput {
  pool: PoolRecord;
  client: AppClient;
  scope: string | undefined;
}

export interface RefreshInput {
  pool: PoolRecord;
  client: AppClient;
  refreshToken: string;
  scope: string | undefined;
}
