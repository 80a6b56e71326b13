/**
 * What Gatehouse remembers between sending someone to the identity provider and their return,
 * kept server-side or in a sealed cookie by the caller: never in a form the browser can read.
 */
export interface PendingLogin {
  /** Binds the callback to this browser's sign-in (CSRF). */
  state: string;
  /** Binds the ID token to this sign-in (replay). */
  nonce: string;
  /** RFC 7636 code verifier; the provider saw only its S256 challenge. */
  codeVerifier: string;
  /** Same-site path to return to after signing in. */
  returnTo: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

/** How long someone may take at the identity provider. */
export const PENDING_LOGIN_TTL_MS = 10 * 60 * 1000;
