import type { Config } from '../config.js';
import type { Gatehouse } from '../services/gatehouse.js';
import type { Logger } from '../log.js';
import {
  mapIdentity,
  OidcRelyingParty,
  type OidcSettings,
  PENDING_LOGIN_TTL_MS,
  parseSsoSettings,
  SsoError,
  isAllowed,
  SsoNotAllowedError,
} from '../upstream-login/index.js';
import type { SsoDoor } from './sso-door.js';

export const SSO_LOGIN_TTL_MS = PENDING_LOGIN_TTL_MS;

/**
 * Single sign-on for the portal, when GATEHOUSE_SSO_ISSUER is set. Pending logins live in
 * the store, not in the browser, so any instance can finish a login another one started.
 */
export async function openSso(
  config: Config,
  issuer: string,
  gatehouse: Gatehouse,
  logger: Logger,
): Promise<SsoDoor | undefined> {
  const settings = parseSsoSettings(config.ssoEnv, issuer);
  if (!settings) return undefined;
  let discovered: Promise<OidcRelyingParty> | undefined;
  // Discovery waits for the first sign-in, so an identity provider that is down does not stop Gatehouse.
  const relyingParty = () => {
    discovered ??= OidcRelyingParty.discover(settings, { now: () => gatehouse.clock.now() }).catch(
      (error: unknown) => {
        discovered = undefined;
        throw error;
      },
    );
    return discovered;
  };
  logger.info('single sign-on is on', { issuer: settings.issuer, localLogin: settings.localLogin });
  return {
    label: settings.label,
    async start(returnTo) {
      const { url, pending } = (await relyingParty()).begin(returnTo);
      await gatehouse.ssoLogins.save(pending);
      return url;
    },
    async finish(query, origin) {
      const state = query.get('state') ?? '';
      const pending = state ? await gatehouse.ssoLogins.take(state) : undefined;
      if (!pending)
        throw new SsoError(
          'state_mismatch',
          'this sign-in was not started here or was already used; try again',
        );
      const identity = await (await relyingParty()).complete(query, pending);
      if (!isAllowed(identity, settings)) {
        const subject = `${identity.issuer} ${identity.subject}`;
        await gatehouse.ssoLogins.denied(
          { subject, email: identity.email, reason: 'not in any of GATEHOUSE_SSO_ALLOWED_GROUPS' },
          origin,
        );
        throw new SsoNotAllowedError(
          subject,
          identity.email,
          identity.email ?? identity.name ?? identity.subject,
        );
      }
      const user = await gatehouse.ssoLogins.signIn(person(identity, settings));
      return { userId: user.id, returnTo: pending.returnTo };
    },
  };
}

function person(identity: Awaited<ReturnType<OidcRelyingParty['complete']>>, settings: OidcSettings) {
  if (!identity.email || !identity.emailVerified) {
    throw new SsoError('id_token_invalid', 'the identity provider did not vouch for an email address');
  }
  const roles = mapIdentity(identity, settings);
  return {
    subject: `${identity.issuer} ${identity.subject}`,
    email: identity.email.toLowerCase(),
    name: identity.name ?? identity.email,
    isAdmin: roles.isAdmin,
    teams: new Map(roles.teams.map((t) => [t.team, t.role])),
    managedTeams: new Set(settings.teamGroups.map((t) => t.team)),
  };
}
