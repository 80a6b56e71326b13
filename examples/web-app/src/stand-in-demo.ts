import { randomBytes } from 'node:crypto';
import type { ProviderFactory } from './demo.js';
import { startStandInProvider } from './stand-in-provider.js';

/**
 * The demo's provider until a Gatehouse pool plugs in: oidc-provider on loopback, with the web
 * app registered as a confidential client. Its login page takes any username and password.
 */
export function standInProvider(options: { accessTokenSeconds?: number } = {}): ProviderFactory {
  return async (urls) => {
    const clientId = 'lj-web-app';
    const clientSecret = randomBytes(48).toString('base64url');
    const op = await startStandInProvider({
      clientId,
      clientSecret,
      redirectUri: urls.redirectUri,
      postLogoutRedirectUri: urls.postLogoutRedirectUri,
      ...options,
    });
    return {
      name: 'oidc-provider (stand-in)',
      issuer: op.issuer,
      clientId,
      clientSecret,
      // oidc-provider names the API by resource indicator, so its scope is unqualified.
      scope: 'openid email profile list-orders',
      logoutStyle: 'oidc',
      jwksUri: op.jwksUri,
      revocationList: false,
      close: () => op.close(),
    };
  };
}
