import * as oidc from 'openid-client';
import { ConfigError, type WebAppConfig } from './config.js';
import type { PendingLogin } from './session-store.js';

/** What a code exchange or a refresh leaves for the session. */
export interface TokenSet {
  accessToken: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  idToken: string | undefined;
  /** Set when the provider issued one (on refresh: only when it rotated). */
  refreshToken: string | undefined;
  claims: Record<string, unknown> | undefined;
}

const LOOPBACK_HTTP = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/;

/**
 * The OpenID Provider as this app sees it, through openid-client: discovery, the authorization
 * request, the code exchange and refresh with HTTP Basic client auth, userinfo, and logout.
 * Nothing here knows which provider it talks to.
 */
export class Provider {
  private constructor(
    private readonly config: WebAppConfig,
    private readonly client: oidc.Configuration,
    private readonly now: () => number,
  ) {}

  static async discover(config: WebAppConfig, now: () => number = Date.now): Promise<Provider> {
    const execute = LOOPBACK_HTTP.test(config.issuer) ? [oidc.allowInsecureRequests] : [];
    let client: oidc.Configuration;
    try {
      client = await oidc.discovery(
        new URL(config.issuer),
        config.clientId,
        undefined,
        oidc.ClientSecretBasic(config.clientSecret),
        { execute },
      );
    } catch (error) {
      throw new ConfigError(
        `ISSUER ${config.issuer}: no usable discovery document at ${config.issuer}/.well-known/openid-configuration (${(error as Error).message})`,
      );
    }
    const metadata = client.serverMetadata();
    if (!metadata.code_challenge_methods_supported?.includes('S256')) {
      throw new ConfigError(`ISSUER ${config.issuer}: the provider does not advertise PKCE S256`);
    }
    if (config.logoutStyle === 'oidc' && metadata.end_session_endpoint === undefined) {
      throw new ConfigError(
        `ISSUER ${config.issuer}: the provider advertises no end_session_endpoint; set LOGOUT_STYLE=cognito`,
      );
    }
    return new Provider(config, client, now);
  }

  get redirectUri(): string {
    return `${this.config.baseUrl}/callback`;
  }

  get postLogoutUri(): string {
    return `${this.config.baseUrl}/`;
  }

  async authorizationUrl(login: Omit<PendingLogin, 'expiresAt'>): Promise<URL> {
    return oidc.buildAuthorizationUrl(this.client, {
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: this.config.scope,
      state: login.state,
      nonce: login.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(login.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /** Checks state, iss (RFC 9207, when sent), the ID token and its nonce, then redeems the code. */
  async exchange(callbackUrl: URL, login: PendingLogin): Promise<TokenSet> {
    const response = await oidc.authorizationCodeGrant(this.client, callbackUrl, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    return this.tokenSet(response);
  }

  async refresh(refreshToken: string): Promise<TokenSet> {
    return this.tokenSet(await oidc.refreshTokenGrant(this.client, refreshToken));
  }

  async userinfo(accessToken: string, sub: string): Promise<Record<string, unknown>> {
    return { ...(await oidc.fetchUserInfo(this.client, accessToken, sub)) };
  }

  /** Best effort: a provider without a revocation endpoint just lets the token expire. */
  async revoke(refreshToken: string): Promise<void> {
    if (this.client.serverMetadata().revocation_endpoint === undefined) return;
    await oidc.tokenRevocation(this.client, refreshToken, { token_type_hint: 'refresh_token' });
  }

  /** Where the browser goes to end its session at the provider too. */
  logoutUrl(idToken: string | undefined): URL {
    if (this.config.logoutStyle === 'cognito') {
      const url = new URL(`${this.config.logoutDomain}/logout`);
      url.searchParams.set('client_id', this.config.clientId);
      url.searchParams.set('logout_uri', this.postLogoutUri);
      return url;
    }
    return oidc.buildEndSessionUrl(this.client, {
      post_logout_redirect_uri: this.postLogoutUri,
      ...(idToken === undefined ? {} : { id_token_hint: idToken }),
    });
  }

  private tokenSet(response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): TokenSet {
    const expiresIn = response.expiresIn() ?? 3600;
    return {
      accessToken: response.access_token,
      accessExpiresAt: this.now() + expiresIn * 1000,
      idToken: response.id_token,
      refreshToken: response.refresh_token,
      claims: response.id_token === undefined ? undefined : { ...response.claims() },
    };
  }
}
