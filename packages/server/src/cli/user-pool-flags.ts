import { STANDARD_ATTRIBUTES, type UpdateUserPoolInput } from '@gatehouse/schemas';
import type { OptionSpec } from './command.js';
import { UsageError } from './errors.js';
import type { Invocation } from './invocation.js';
import { ttlOption } from './pool-options.js';

/** The settings flags `user-pools create` and `update` share, and how they map onto the API's fields. */

const SIGN_IN_WITH = ['username', 'email'] as const;

export const POOL_SETTING_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'self-sign-up': { type: 'boolean', description: 'people may sign themselves up on the hosted page' },
  'auto-confirm': {
    type: 'boolean',
    description: 'people who sign up are confirmed at once, without an emailed code',
  },
  'sign-in-with': {
    type: 'string',
    value: SIGN_IN_WITH.join('|'),
    description: 'what people type to sign in (default username); email makes emails unique in the pool',
  },
  'required-attribute': {
    type: 'string',
    multiple: true,
    value: 'CLAIM',
    description: `a standard claim every user must have (default none): ${STANDARD_ATTRIBUTES.slice(0, 4).join(', ')}, …`,
  },
  'min-password-length': {
    type: 'string',
    value: 'N',
    description: 'shortest password allowed, 6 to 256 (default 12)',
  },
  'allow-common-passwords': {
    type: 'boolean',
    description: 'accept guessable passwords: common ones and the username itself (test pools only)',
  },
  'access-token-ttl': ttlOption('access-token lifetime, 300 to 86400', '3600'),
  'id-token-ttl': ttlOption('ID-token lifetime, 300 to 86400', '3600'),
  'refresh-token-ttl': ttlOption('refresh-token lifetime from sign-in', '2592000, 30 days'),
  'refresh-idle-ttl': ttlOption('refresh token ends when unused this long', '1209600, 14 days'),
  'session-idle-ttl': ttlOption('hosted-page session ends when idle this long', '28800, 8 hours'),
  'session-max-ttl': ttlOption('hosted-page session ends this long after sign-in', '604800, 7 days'),
  'display-name': {
    type: 'string',
    value: 'TEXT',
    description: 'name shown on the hosted pages and in mail',
  },
  'logo-url': { type: 'string', value: 'URL', description: 'https URL of the logo on the hosted pages' },
  'primary-color': { type: 'string', value: '#RRGGBB', description: 'colour of the hosted pages’ buttons' },
};

/** Error paths from the service, said as the flags that set them. */
export const POOL_SETTING_FIELDS: Readonly<Record<string, string>> = {
  name: '--name',
  team: '--team',
  teamId: '--team',
  signInWith: '--sign-in-with',
  requiredAttributes: '--required-attribute',
  'passwordPolicy.minLength': '--min-password-length',
  'passwordPolicy.refuseCommonPasswords': '--allow-common-passwords',
  'tokens.accessTokenSeconds': '--access-token-ttl',
  'tokens.idTokenSeconds': '--id-token-ttl',
  'tokens.refreshTokenSeconds': '--refresh-token-ttl',
  'tokens.refreshIdleSeconds': '--refresh-idle-ttl',
  'sessions.idleSeconds': '--session-idle-ttl',
  'sessions.absoluteSeconds': '--session-max-ttl',
  'branding.displayName': '--display-name',
  'branding.logoUrl': '--logo-url',
  'branding.primaryColor': '--primary-color',
};

/** `update` can also switch things off and clear the branding. */
export const POOL_UPDATE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'no-self-sign-up': { type: 'boolean', description: 'only admins create users' },
  'refuse-common-passwords': {
    type: 'boolean',
    description: 'refuse passwords from the common-password list again (the default)',
  },
  'no-auto-confirm': { type: 'boolean', description: 'people who sign up confirm with an emailed code' },
  'clear-branding': { type: 'boolean', description: 'back to the default look (before any branding flags)' },
};

const defined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

const nonEmpty = <T extends object>(value: T): T | undefined =>
  Object.keys(value).length > 0 ? value : undefined;

/** A boolean setting: `--x` on, `--no-x` off (update only), neither leaves it as it is. */
function toggle(inv: Invocation, name: string): boolean | undefined {
  const on = inv.flag(name);
  const off = inv.flag(`no-${name}`);
  if (on && off) throw new UsageError(`give --${name} or --no-${name}, not both`);
  return on ? true : off ? false : undefined;
}

/** The settings the flags name, and only those: for create the rest take their defaults. */
export function poolSettingsFromFlags(inv: Invocation): UpdateUserPoolInput {
  const attributes = inv.strings('required-attribute');
  const minLength = inv.integer('min-password-length', 'characters');
  const clear = inv.flag('clear-branding');
  const allowCommon = inv.flag('allow-common-passwords');
  const refuseCommon = inv.flag('refuse-common-passwords');
  if (allowCommon && refuseCommon) {
    throw new UsageError('give --allow-common-passwords or --refuse-common-passwords, not both');
  }
  const passwordPolicy = defined({
    minLength,
    refuseCommonPasswords: allowCommon ? false : refuseCommon ? true : undefined,
  });
  const branding = defined({
    displayName: inv.string('display-name') ?? (clear ? null : undefined),
    logoUrl: inv.string('logo-url') ?? (clear ? null : undefined),
    primaryColor: inv.string('primary-color') ?? (clear ? null : undefined),
  });
  const tokens = defined({
    accessTokenSeconds: inv.integer('access-token-ttl'),
    idTokenSeconds: inv.integer('id-token-ttl'),
    refreshTokenSeconds: inv.integer('refresh-token-ttl'),
    refreshIdleSeconds: inv.integer('refresh-idle-ttl'),
  });
  const sessions = defined({
    idleSeconds: inv.integer('session-idle-ttl'),
    absoluteSeconds: inv.integer('session-max-ttl'),
  });
  return defined({
    selfSignUp: toggle(inv, 'self-sign-up'),
    autoConfirm: toggle(inv, 'auto-confirm'),
    signInWith: inv.choice('sign-in-with', SIGN_IN_WITH),
    requiredAttributes:
      attributes.length > 0 ? (attributes as UpdateUserPoolInput['requiredAttributes']) : undefined,
    passwordPolicy: nonEmpty(passwordPolicy),
    tokens: nonEmpty(tokens),
    sessions: nonEmpty(sessions),
    branding: nonEmpty(branding),
  });
}
