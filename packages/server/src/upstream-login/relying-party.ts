import { SsoError } from './errors.js';
import { discoverProvider, type ProviderMetadata } from './discovery.js';
import type { Fetch } from './provider-http.js';
import { validateIdToken, CLOCK_LEEWAY_S } from './provider-id-token.js';
import { identityFrom, lacksProfile, mergeClaims, type SsoIdentity } from './identity.js';
import { PENDING_LOGIN_TTL_MS, type PendingLogin } from './pending-login.js';
import { codeChallengeS256, randomToken } from './login-randoms.js';
import { ProviderKeys } from './provider-keys.js';
import { safeReturnTo } from './return-to.js';
import { safeEqual } from '../crypto/safe-equal.js';
import type { OidcSettings } from './settings.js';
import { exchangeCode } from './code-exchange.js';
import { fetchUserinfo } from './userinfo.js';

export interface RelyingPartyOptions {
  /** Defaults to the global fetch. */
  fetch?: Fetch;
  /** Milliseconds since the epoch; defaults to Date.now. */
  now?: () => number;
}

// RFC 6749 §4.1.2.1 error codes are printable ASCII; anything else is cut out before showing it.
const printable = (value: string, max: number): string => value.replace(/[^\x20-\x7e]/g, '').slice(0, max);

/**
 * Gatehouse as an OpenID Connect relying party of the company identity provider: the
 * authorization code flow with PKCE (S256), state and nonce, and a client secret.
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
  readonly #fetch: Fetch;
  readonly #now: () => number;

  private constructor(
    settings: OidcSettings,
    metadata: ProviderMetadata,
    fetchImpl: Fetch,
    now: () => number,
  ) {
    this.#settings = settings;
    this.#metadata = metadata;
    this.#fetch = fetchImpl;
    this.#now = now;
    this.#keys = new ProviderKeys(metadata.jwksUri, fetchImpl, now);
  }

  /**
   * Fetches the provider's metadata once and checks it names the configured issuer exactly.
   * The JWKS is fetched on first use. Throws SsoError `discovery_failed`.
   */
  static async discover(
    settings: OidcSettings,
    options: RelyingPartyOptions = {},
  ): Promise<OidcRelyingParty> {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const now = options.now ?? Date.now;
    const metadata = await discoverProvider(settings.issuer, fetchImpl);
    return new OidcRelyingParty(settings, metadata, fetchImpl, now);
  }

  /** The provider metadata in use. */
  get metadata(): Readonly<ProviderMetadata> {
    return this.#metadata;
  }

  /**
   * Starts a sign-in: fresh state, nonce and PKCE verifier, and the authorization URL to send
   * the browser to. Keep `pending` where only Gatehouse can read it until the callback.
   */
  begin(returnTo: string): { url: string; pending: PendingLogin } {
    const pending: PendingLogin = {
      state: randomToken(),
      nonce: randomToken(),
      codeVerifier: randomToken(),
      returnTo: safeReturnTo(returnTo),
      createdAt: this.#now(),
    };
    const url = new URL(this.#metadata.authorizationEndpoint);
    const params = {
      response_type: 'code',
      client_id: this.#settings.clientId,
      redirect_uri: this.#settings.redirectUri,
      scope: this.#settings.scopes.join(' '),
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: codeChallengeS256(pending.codeVerifier),
      code_challenge_method: 'S256',
    };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return { url: url.href, pending };
  }

  /**
   * Finishes a sign-in from the callback's query and the pending login `begin` made: checks
   * state, redeems the code, validates the ID token, asks UserInfo for what the ID token lacks.
   * Throws SsoError; its message can be shown to the person, its cause is for the log.
   */
  async complete(query: URLSearchParams, pending: PendingLogin): Promise<SsoIdentity> {
    this.#checkResponse(query, pending);
    const now = this.#now();
    const age = now - pending.createdAt;
    if (!(age >= -CLOCK_LEEWAY_S * 1000 && age <= PENDING_LOGIN_TTL_MS)) {
      throw new SsoError(
        'login_expired',
        'The sign-in took too long. Start again.',
        new Error(`the pending login is ${Math.round(age / 1000)} s old`),
      );
    }
    const code = query.get('code');
    if (code === null || code === '') {
      throw new SsoError(
        'idp_error',
        'The identity provider sent no sign-in code. Start again.',
        new Error('the callback has neither code nor error'),
      );
    }
    const tokens = await exchangeCode(
      {
        tokenEndpoint: this.#metadata.tokenEndpoint,
        clientId: this.#settings.clientId,
        clientSecret: this.#settings.clientSecret,
        redirectUri: this.#settings.redirectUri,
        code,
        codeVerifier: pending.codeVerifier,
      },
      this.#fetch,
    );
    const idClaims = await validateIdToken(tokens.idToken, {
      issuer: this.#metadata.issuer,
      clientId: this.#settings.clientId,
      nonce: pending.nonce,
      algs: this.#metadata.idTokenAlgs,
      keys: this.#keys,
      now: this.#now(),
    });
    const { userinfoEndpoint } = this.#metadata;
    const userinfo =
      userinfoEndpoint !== undefined && lacksProfile(idClaims, this.#settings.groupsClaim)
        ? await fetchUserinfo(userinfoEndpoint, tokens.accessToken, String(idClaims.sub), this.#fetch)
        : undefined;
    return identityFrom(mergeClaims(idClaims, userinfo), this.#settings.groupsClaim);
  }

  /** State first, so nothing from a response this browser did not ask for is acted on or shown. */
  #checkResponse(query: URLSearchParams, pending: PendingLogin): void {
    const state = query.get('state');
    if (state === null || pending.state === '' || !safeEqual(state, pending.state)) {
      throw new SsoError(
        'state_mismatch',
        'This sign-in response does not belong to the sign-in you started. Start again.',
        new Error(state === null ? 'the callback has no state' : 'the callback state is not the pending one'),
      );
    }
    // RFC 9207: a response that names another issuer came through a mix-up.
    const iss = query.get('iss');
    if (iss !== null ? iss !== this.#metadata.issuer : this.#metadata.issParameter) {
      throw new SsoError(
        'idp_error',
        'The sign-in response did not come from the configured identity provider. Start again.',
        new Error(
          iss === null
            ? 'the callback has no iss though the provider promises one'
            : 'the callback iss is not the provider',
        ),
      );
    }
    const error = query.get('error');
    if (error !== null) {
      const description = query.get('error_description');
      const detail = printable(error, 100) + (description ? `: ${printable(description, 300)}` : '');
      throw new SsoError(
        'idp_error',
        `The identity provider did not sign you in (${detail}).`,
        new Error(`the authorization response is an error: ${detail}`),
      );
    }
  }
}
