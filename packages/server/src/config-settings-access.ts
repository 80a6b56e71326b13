import { bool, integer, pemCertificatesFile, region, text } from './config-values.js';
import { mailFrom, smtpUrl } from './config-mail.js';
import { emptyIsValue, readBySso, setting } from './config-setting.js';

/** Accounts, sign-in, client authentication, mail, outbound calls and reports: the rest of `--help`'s table. */
export const ACCESS_SETTINGS = {
  secretMaxAgeDays: setting(
    'GATEHOUSE_SECRET_MAX_AGE_DAYS',
    '180',
    'client secrets older than this many days are listed by `gatehouse reports secrets` for rotation',
    integer(1, 3650),
    emptyIsValue,
  ),
  secretExpiryWarningDays: setting(
    'GATEHOUSE_SECRET_EXPIRY_WARNING_DAYS',
    '14',
    'client secrets that expire within this many days are listed by `gatehouse reports secrets`',
    integer(1, 3650),
    emptyIsValue,
  ),
  region: setting(
    'GATEHOUSE_REGION',
    'local',
    'region in user pool ids (<region>_AbC123xyz), e.g. eu-west-1; kept by existing pools',
    region,
    emptyIsValue,
  ),
  adminEmail: setting(
    'GATEHOUSE_ADMIN_EMAIL',
    undefined,
    'first platform admin, created on first start with the password below',
    text,
  ),
  adminPassword: setting(
    'GATEHOUSE_ADMIN_PASSWORD',
    undefined,
    "that admin's password (at least 12 characters)",
    text,
  ),
  localLogin: setting(
    'GATEHOUSE_LOCAL_LOGIN',
    'true',
    'false turns off email-and-password sign-in when SSO is on',
    bool,
  ),
  // Read by the single sign-on settings parser once the issuer (and so the callback URL) is known.
  ssoIssuer: readBySso('GATEHOUSE_SSO_ISSUER', 'OpenID Connect issuer of the company identity provider'),
  ssoClientId: readBySso('GATEHOUSE_SSO_CLIENT_ID', "Gatehouse's client id at the identity provider"),
  ssoClientSecret: readBySso(
    'GATEHOUSE_SSO_CLIENT_SECRET',
    "Gatehouse's client secret at the identity provider",
  ),
  ssoGroupsClaim: readBySso(
    'GATEHOUSE_SSO_GROUPS_CLAIM',
    'ID token claim listing the groups a person is in',
    'groups',
  ),
  ssoAdminGroups: readBySso('GATEHOUSE_SSO_ADMIN_GROUPS', 'comma list of groups that make platform admins'),
  ssoTeamGroups: readBySso(
    'GATEHOUSE_SSO_TEAM_GROUPS',
    'group=team[:owner|:member],… maps groups to team membership',
  ),
  loginMaxFailures: setting(
    'GATEHOUSE_LOGIN_MAX_FAILURES',
    '5',
    'password checks per account before it locks',
    integer(1, 1000),
  ),
  loginLockSeconds: setting(
    'GATEHOUSE_LOGIN_LOCK_SECONDS',
    '30',
    'first account lock; doubles with each further failure',
    integer(1, 86_400),
  ),
  loginMaxLockSeconds: setting(
    'GATEHOUSE_LOGIN_MAX_LOCK_SECONDS',
    '900',
    'longest lock, for accounts and addresses',
    integer(1, 7 * 86_400),
  ),
  loginAddressMaxFailures: setting(
    'GATEHOUSE_LOGIN_ADDRESS_MAX_FAILURES',
    '20',
    'failed sign-ins from one client address before it backs off; 0 turns this off',
    integer(0, 1_000_000),
  ),
  loginAddressLockSeconds: setting(
    'GATEHOUSE_LOGIN_ADDRESS_LOCK_SECONDS',
    '1',
    'first address backoff; doubles with each failure',
    integer(1, 86_400),
  ),
  loginWindowSeconds: setting(
    'GATEHOUSE_LOGIN_WINDOW_SECONDS',
    '3600',
    'quiet time after which failure counts start over',
    integer(60, 30 * 86_400),
  ),
  loginRefusalDelayMs: setting(
    'GATEHOUSE_LOGIN_REFUSAL_DELAY_MS',
    '250',
    'how long a refused sign-in (locked, busy) waits for its answer; bounds floods',
    integer(0, 5000),
  ),
  passwordHashConcurrency: setting(
    'GATEHOUSE_PASSWORD_HASH_CONCURRENCY',
    '1',
    'password hashes running at once per instance',
    integer(1, 64),
  ),
  passwordHashQueue: setting(
    'GATEHOUSE_PASSWORD_HASH_QUEUE',
    '4',
    'sign-ins that may wait for a hash; more get 429',
    integer(0, 1000),
  ),
  clientAuthMaxFailures: setting(
    'GATEHOUSE_CLIENT_AUTH_MAX_FAILURES',
    '100',
    'failed client authentications per client_id per window before they get 429',
    integer(1, 1_000_000),
  ),
  clientAuthAddressMaxFailures: setting(
    'GATEHOUSE_CLIENT_AUTH_ADDRESS_MAX_FAILURES',
    '300',
    'failed client authentications per address per window before it gets 429',
    integer(1, 1_000_000),
  ),
  clientAuthWindowSeconds: setting(
    'GATEHOUSE_CLIENT_AUTH_WINDOW_SECONDS',
    '60',
    'window of the two client limits above',
    integer(1, 86_400),
  ),
  smtpUrl: setting(
    'GATEHOUSE_SMTP_URL',
    undefined,
    'mail server for user-pool mail, smtp[s]://user:password@host:port; unset: .eml files in <data dir>/outbox',
    smtpUrl,
  ),
  mailFrom: setting(
    'GATEHOUSE_MAIL_FROM',
    undefined,
    'sender of user-pool mail, e.g. "Example <no-reply@example.com>"; required with GATEHOUSE_SMTP_URL',
    mailFrom,
  ),
  allowHttpJwksUri: setting(
    'GATEHOUSE_ALLOW_HTTP_JWKS_URI',
    'false',
    'allow http:// jwks_uri for private_key_jwt clients (testing only)',
    bool,
    emptyIsValue,
  ),
  tokenHookCaFile: setting(
    'GATEHOUSE_TOKEN_HOOK_CA_FILE',
    undefined,
    'PEM file of CA certificates trusted for token hooks, beside the system ones (a private CA)',
    pemCertificatesFile,
  ),
  tokenHookConcurrency: setting(
    'GATEHOUSE_TOKEN_HOOK_CONCURRENCY',
    '64',
    'token hook calls in flight at once per process; as many more may wait, then tokens fail as the hook does',
    integer(1, 4096),
  ),
};
