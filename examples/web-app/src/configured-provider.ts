import { ConfigError, DEFAULT_SCOPE, loadConfig } from './config.js';
import type { ProviderFactory } from './demo.js';

/** `<issuer>/pools/<region>_<id>`, the shape of a Gatehouse pool's issuer. */
const GATEHOUSE_POOL_ISSUER = /\/pools\/[a-z0-9-]+_[A-Za-z0-9]{9,}$/;

/**
 * A provider that already runs, e.g. a Gatehouse pool: ISSUER, CLIENT_ID and CLIENT_SECRET
 * (and SCOPE, LOGOUT_STYLE) from the environment. The app client must have
 * `<app>/callback` and `<app>/` registered; the API finds the keys through the issuer's
 * OpenID discovery document.
 */
export function configuredProvider(env: Record<string, string | undefined>): ProviderFactory {
  return async (urls) => {
    // The same checks the app makes, before anything starts.
    const config = loadConfig({ ...env, BASE_URL: urls.baseUrl, API_URL: urls.baseUrl });
    const discovery = `${config.issuer}/.well-known/openid-configuration`;
    const metadata = (await fetch(discovery)
      .then((r) => (r.ok ? r.json() : undefined))
      .catch(() => undefined)) as Record<string, unknown> | undefined;
    if (typeof metadata?.jwks_uri !== 'string') {
      throw new ConfigError(`ISSUER ${config.issuer}: no jwks_uri in ${discovery}`);
    }
    return {
      name: 'the provider named by ISSUER',
      issuer: config.issuer,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      scope: env.SCOPE?.trim() || DEFAULT_SCOPE,
      logoutStyle: config.logoutStyle,
      jwksUri: metadata.jwks_uri,
      revocationList: typeof metadata.revocation_list_endpoint === 'string',
      // A Gatehouse pool's tokens say what they are for: the API then takes only this app's access tokens.
      ...(GATEHOUSE_POOL_ISSUER.test(config.issuer) ? { appClientId: config.clientId } : {}),
      close: async () => undefined,
    };
  };
}
