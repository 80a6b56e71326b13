import type { RequestOrigin } from '../services/sessions.js';

/** The portal's single sign-on, as the routes see it: where to send the browser, and who came back. */
export interface SsoDoor {
  label: string;
  /** The identity provider's authorization URL for a new login that ends at `returnTo`. */
  start(returnTo: string): Promise<string>;
  /** Completes the login from the callback's query; returns the signed-in user and where to go. */
  finish(query: URLSearchParams, origin: RequestOrigin): Promise<{ userId: string; returnTo: string }>;
}
