import { appendQuery } from './authorization-response.js';
import { type RawParams, readAll, readSingle } from './authorize-params.js';
import { type VerificationKeys, readIdTokenHint } from './id-token-hint.js';

/** An app client as logout needs it; AppClientView fits. */
export interface LogoutClient {
  clientId: string;
  logoutUris: readonly string[];
}

export interface LogoutContext {
  poolIssuer: string;
  findClient(clientId: string): LogoutClient | undefined | Promise<LogoutClient | undefined>;
  keys: VerificationKeys;
}

/** Errors are shown on a page, never redirected: the target is not trusted until it matches. */
export interface LogoutPageError {
  kind: 'page-error';
  status: 400;
  error: string;
  description: string;
}

export interface LogoutOk {
  kind: 'ok';
  /** The client the logout is for, when one was named or hinted. */
  clientId: string | undefined;
  /** The person the id_token_hint names: the session to end should be theirs. */
  sub: string | undefined;
  /** Where to send the browser once the session is ended (state appended); none shows a page. */
  redirectUrl: string | undefined;
}

export type LogoutOutcome = LogoutPageError | LogoutOk;

const fail = (description: string, error = 'invalid_request'): LogoutPageError => ({
  kind: 'page-error',
  status: 400,
  error,
  description,
});

const LIMITS = { clientId: 128, uri: 2048, state: 2048, idToken: 16 * 1024 } as const;

/**
 * OIDC RP-Initiated Logout 1.0 §2-3: `id_token_hint` (ours, expiry ignored), `client_id`,
 * `post_logout_redirect_uri` (registered for that client, exactly), `state`. The client comes
 * from client_id or from the hint's audience, and the two must agree.
 */
export async function validateEndSessionRequest(
  params: RawParams,
  context: LogoutContext,
): Promise<LogoutOutcome> {
  for (const values of params.values())
    if (values.length > 1) return fail('a parameter is included more than once');
  const read = readAll(params, {
    id_token_hint: LIMITS.idToken,
    client_id: LIMITS.clientId,
    post_logout_redirect_uri: LIMITS.uri,
    state: LIMITS.state,
  });
  if (!read.ok) return fail(read.description);
  const { id_token_hint: hintValue, post_logout_redirect_uri: uri, state } = read.values;

  let sub: string | undefined;
  let clientId = read.values.client_id;
  if (hintValue !== undefined) {
    const hint = readIdTokenHint(hintValue, { poolIssuer: context.poolIssuer, keys: context.keys });
    if (!hint) return fail('id_token_hint is not an ID token issued by this pool');
    if (clientId !== undefined && !hint.aud.includes(clientId)) {
      return fail('client_id does not match the audience of id_token_hint');
    }
    clientId ??= hint.aud[0];
    sub = hint.sub;
  }
  if (uri === undefined) return { kind: 'ok', clientId, sub, redirectUrl: undefined };
  if (clientId === undefined) {
    return fail(
      'post_logout_redirect_uri needs client_id or id_token_hint to say which client it belongs to',
    );
  }
  const client = await context.findClient(clientId);
  if (!client) return fail('unknown client_id', 'invalid_client');
  if (!isRegistered(client, uri)) {
    return fail('post_logout_redirect_uri is not registered for this client');
  }
  return {
    kind: 'ok',
    clientId,
    sub,
    redirectUrl: appendQuery(uri, [['state', state]]),
  };
}

/**
 * Cognito's `GET /logout?client_id=…&logout_uri=…`: both required, and logout_uri must be one of
 * the client's sign-out URLs, exactly. The browser goes back to it as registered.
 */
export async function validateCognitoLogout(
  params: RawParams,
  context: LogoutContext,
): Promise<LogoutOutcome> {
  for (const values of params.values())
    if (values.length > 1) return fail('a parameter is included more than once');
  const clientRead = readSingle(params, 'client_id', LIMITS.clientId);
  if (!clientRead.ok) return fail(clientRead.description);
  if (clientRead.value === undefined) return fail('parameter "client_id" is required');
  const uriRead = readSingle(params, 'logout_uri', LIMITS.uri);
  if (!uriRead.ok) return fail(uriRead.description);
  if (uriRead.value === undefined) return fail('parameter "logout_uri" is required');
  const client = await context.findClient(clientRead.value);
  if (!client) return fail('unknown client_id', 'invalid_client');
  if (!isRegistered(client, uriRead.value)) return fail('logout_uri is not registered for this client');
  return { kind: 'ok', clientId: client.clientId, sub: undefined, redirectUrl: uriRead.value };
}

// Exact match, and only web addresses: a registered list is checked at registration, this is a second lock.
function isRegistered(client: LogoutClient, uri: string): boolean {
  return client.logoutUris.includes(uri) && /^https?:\/\//.test(uri);
}
