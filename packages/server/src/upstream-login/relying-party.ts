import { createHash } from 'node:crypto';
import {
  buildAuthorizationUrl,
  clockSkew,
  clockTolerance,
  Configuration,
  customFetch,
  type CustomFetch,
  enableNonRepudiationChecks,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
} from 'openid-client';
import { bearerOnly, CLOCK_LEEWAY_S, clientSecretBasic, exchangeCode } from './code-exchange.js';
import { discoverProvider, insecureRequests, type ProviderMetadata } from './discovery.js';
import { SsoError } from './errors.js';
import { identityFrom, lacksProfile, mergeClaims, type SsoIdentity } from './identity.js';
import { PENDING_LOGIN_TTL_MS, type PendingLogin } from './pending-login.js';
import { boundedFetch, type Fetch, IDP_TIMEOUT_MS } from './provider-fetch.js';
import { ProviderKeys } from './provider-keys.js';
import { safeReturnTo } from './return-to.js';
import type { OidcSettings } from './settings.js';
import { fetchUserinfo } from './userinfo.js';

export interface RelyingPartyOptions {
  /** Defaults to the global fetch. */
  fetch?: Fetch;
  /** Milliseconds since the epoch; defaults to Date.now. */
  now?: () => number;
}

/**
 * RFC 7636 §4.2, S256. openid-client's own is asynchronous (WebCrypto); this one lets a sign-in
 * start without waiting.
 */
function codeChallengeS256(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

/**
 * Gatehouse as an OpenID Connect relying party of the company identity provider, on openid-client:
 * the authorization code flow with PKCE (S256), state and nonce, and client_secret_basic.
 * Gatehouse adds its own limits: bounded, time-limited requests; exact issuer; asymmetric ID token
 * algorithms only; a 60 s clock leeway on its own clock; a throttled JWKS cache; and errors that
 * say which step failed.
 *
 * @example
 * const rp = await OidcRelyingParty.discover(settings);
 * const { url, pending } = rp.begin('/teams');   // keep `pending` server-side, redirect to `url`
 * const identity = await rp.complete(new URL(callbackUrl).searchParams, pending);
 */
export class OidcRelyingParty {
  readonly #settings: OidcSettings;
  readonly #metadata: ProviderMetadata;
  readonly #keys: ProviderKeys;
  readonly #fetch: CustomFetch;
  readonly #now: () => number;

  private constructor(
    settings: OidcSettings,
    metadata: ProviderMetadata,
    fetchImpl: CustomFetch,
    now: () => number,
  ) {
    this.#settings = settings;
    this.#metadata = metadata;
    this.#now = now;
    this.#keys = new ProviderKeys(metadata.jwksUri, fetchImpl, now);
    this.#fetch = bearerOnly(this.#keys.fetch, metadata.tokenEndpoint);
  }

  /**
   * Fetches the provider's metadata once and checks it names the configured issuer exactly.
   * The JWKS is fetched on first use. Throws SsoError `discovery_failed`.
   */
  static async discover(
    settings: OidcSettings,
    options: RelyingPartyOptions = {},
  ): Promise<OidcRelyingParty> {
    const fetchImpl = boundedFetch(options.fetch ?? globalThis.fetch);
    const now = options.now ?? Date.now;
    const metadata = await discoverProvider(settings.issuer, settings.clientId, fetchImpl);
    return new OidcRelyingParty(settings, metadata, fetchImpl, now);
  }

  /** The provider metadata in use. */
  get metadata(): Readonly<ProviderMetadata> {
    return this.#metadata;
  }

  /**
   * openid-client's view of the provider and of Gatehouse as its client, made afresh for each
   * step so that the clock skew is Gatehouse's clock at that moment, with the keys already held.
   */
  #configuration(): Configuration {
    const skew = Math.round((this.#now() - Date.now()) / 1000);
    const config = new Configuration(
      this.#metadata.server,
      this.#settings.clientId,
      { [clockSkew]: skew, [clockTolerance]: CLOCK_LEEWAY_S },
      clientSecretBasic(this.#settings.clientId, this.#settings.clientSecret),
    );
    config[customFetch] = this.#fetch;
    config.timeout = IDP_TIMEOUT_MS / 1000;
    for (const extension of insecureRequests(this.#metadata.issuer)) extension(config);
    // Verifies the ID token signature with the provider's JWKS, not only the TLS channel.
    enableNonRepudiationChecks(config);
    this.#keys.lendTo(config);
    return config;
  }

  /**
   * Starts a sign-in: fresh state, nonce and PKCE verifier, and the authorization URL to send
   * the browser to. Keep `pending` where only Gatehouse can read it until the callback.
   */
  begin(returnTo: string): { url: string; pending: PendingLogin } {
    const pending: PendingLogin = {
      state: randomState(),
      nonce: randomNonce(),
      codeVerifier: randomPKCECodeVerifier(),
      returnTo: safeReturnTo(returnTo),
      createdAt: this.#now(),
    };
    const url = buildAuthorizationUrl(this.#configuration(), {
      response_type: 'code',
      redirect_uri: this.#settings.redirectUri,
      scope: this.#settings.scopes.join(' '),
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: codeChallengeS256(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /**
   * Finishes a sign-in from the callback's query and the pending login `begin` made: checks
   * state, redeems the code, validates the ID token, asks UserInfo for what the ID token lacks.
   * Throws SsoError; its message can be shown to the person, its cause is for the log.
   */
  async complete(query: URLSearchParams, pending: PendingLogin): Promise<SsoIdentity> {
    const now = this.#now();
    const age = now - pending.createdAt;
    if (!(age >= -CLOCK_LEEWAY_S * 1000 && age <= PENDING_LOGIN_TTL_MS)) {
      throw new SsoError(
        'login_expired',
        'The sign-in took too long. Start again.',
        new Error(`the pending login is ${Math.round(age / 1000)} s old`),
      );
    }
    // openid-client takes the redirect_uri for the token request from the callback URL.
    const callback = new URL(this.#settings.redirectUri);
    callback.search = query.toString();
    const config = this.#configuration();
    const tokens = await exchangeCode(config, callback, pending, now);
    const { idClaims } = tokens;
    const userinfo =
      this.#metadata.userinfoEndpoint !== undefined && lacksProfile(idClaims, this.#settings.groupsClaim)
        ? await fetchUserinfo(config, tokens.accessToken, String(idClaims.sub))
        : undefined;
    return identityFrom(mergeClaims(idClaims, userinfo), this.#settings.groupsClaim);
  }
}
