/**
 * Where a credential could sit in a log line, as pino `redact` paths. Callers pass facts, never
 * credentials; these are the second line of defence, for the day one slips into a field.
 */

/**
 * Field names that hold a credential wherever they appear: at the top of a line and one level
 * down (`{ body: { client_secret } }`). The names of the OAuth wire, the admin API's JSON, the
 * Cognito wire (`AuthParameters.PASSWORD`, `SecretHash`), SigV4 access keys and the settings.
 * Not `code`: log lines use it for error codes (`ECONNREFUSED`); authorization codes are
 * covered where they travel, below.
 */
export const SECRET_KEYS: readonly string[] = [
  // Client credentials
  'secret',
  'client_secret',
  'clientSecret',
  'ClientSecret',
  'client_assertion',
  'assertion',
  'SecretHash',
  'SECRET_HASH',
  'secretAccessKey',
  'SecretAccessKey',
  // Tokens and the values that obtain them
  'token',
  'access_token',
  'accessToken',
  'AccessToken',
  'refresh_token',
  'refreshToken',
  'RefreshToken',
  'REFRESH_TOKEN',
  'id_token',
  'idToken',
  'IdToken',
  'code_verifier',
  'codeVerifier',
  'authorization_code',
  'ConfirmationCode',
  'Session',
  // People's passwords and what stands for them
  'password',
  'Password',
  'PASSWORD',
  'newPassword',
  'NEW_PASSWORD',
  'temporaryPassword',
  'TemporaryPassword',
  'PreviousPassword',
  'ProposedPassword',
  'adminPassword',
  'PASSWORD_CLAIM_SIGNATURE',
  'srpVerifier',
  // Headers and browser sessions
  'authorization',
  'cookie',
  'set-cookie',
  'setCookie',
  'x-csrf-token',
  'csrfToken',
  'csrf_token',
  'sessionId',
  // Keys and settings that carry a password
  'privateKey',
  'private_key',
  'masterKey',
  'databaseUrl',
  'smtpUrl',
];

/** Paths deeper than one level, or names that are secret only in one place. */
const SPECIFIC_PATHS: readonly string[] = [
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-csrf-token"]',
  'params.code',
  'query.code',
  'body.code',
  'jwk.d',
  'key.d',
];

/** A name pino's path syntax accepts as is, or in brackets (`set-cookie`). */
const segment = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`);
const topLevel = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`);

/**
 * For lines whose fields are all plain values (every access log line): only paths that start
 * with a literal name, which pino checks only when a line has that field.
 */
export const FLAT_REDACT_PATHS: readonly string[] = [...SECRET_KEYS.map(topLevel), ...SPECIFIC_PATHS];

/**
 * For lines with an object among their fields: also every secret name one level down and the
 * specific paths one level further (`*.headers.authorization`). pino runs a wildcard path over
 * every field of every line, about ten times the cost of the line itself, hence two sets.
 */
export const NESTED_REDACT_PATHS: readonly string[] = [
  ...FLAT_REDACT_PATHS,
  ...SECRET_KEYS.map((key) => `*${segment(key)}`),
  ...SPECIFIC_PATHS.map((path) => `*.${path}`),
];

/** What a redacted value reads as: the field stays, so a line shows that something was there. */
export const CENSOR = '[redacted]';
