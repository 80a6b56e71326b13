/** Everything the web app needs to know, read once from the environment and checked at start. */
export interface WebAppConfig {
  /** The OpenID Provider's issuer: a Gatehouse pool issuer, `<issuer>/pools/<pool-id>`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where this app is reached; the callback is `<baseUrl>/callback`, the logout return `<baseUrl>/`. */
  baseUrl: string;
  /** The LJ Health Food API, called with the signed-in person's access token. */
  apiUrl: string;
  /** Space-separated scopes asked for at sign-in. */
  scope: string;
  /** `oidc`: the provider's end_session_endpoint; `cognito`: `<logoutDomain>/logout?client_id=&logout_uri=`. */
  logoutStyle: 'oidc' | 'cognito';
  /** The Cognito-style domain for `/logout`; a Gatehouse pool's issuer is one. */
  logoutDomain: string;
  /** Refresh when the access token has fewer than this many seconds left. */
  refreshSkewSeconds: number;
  /** Seconds a server-side session lasts without use. */
  sessionIdleSeconds: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_SCOPE = 'openid email profile lj-health-food/list-orders';

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** An absolute https URL, or http on a loopback host (development only). */
function url(name: string, raw: string | undefined, problems: string[]): string {
  if (raw === undefined || raw.trim() === '') {
    problems.push(`${name} is required`);
    return '';
  }
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    problems.push(`${name} must be an absolute URL, got ${JSON.stringify(raw)}`);
    return '';
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopback(parsed.hostname))) {
    problems.push(`${name} must use https (http only on localhost / 127.0.0.1), got ${parsed.origin}`);
  }
  if (parsed.search !== '' || parsed.hash !== '') problems.push(`${name} must not carry a query or fragment`);
  return parsed.href.replace(/\/+$/, '');
}

function text(name: string, raw: string | undefined, problems: string[]): string {
  if (raw === undefined || raw.trim() === '') {
    problems.push(`${name} is required`);
    return '';
  }
  return raw.trim();
}

function seconds(name: string, raw: string | undefined, fallback: number, problems: string[]): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) problems.push(`${name} must be a whole number of seconds`);
  return value;
}

/**
 * Reads ISSUER, CLIENT_ID, CLIENT_SECRET, BASE_URL and API_URL (required), and SCOPE,
 * LOGOUT_STYLE, LOGOUT_DOMAIN, REFRESH_SKEW_SECONDS, SESSION_IDLE_SECONDS (optional).
 * Throws one ConfigError naming every problem, so a bad deployment fails at start, not on the
 * first sign-in.
 */
export function loadConfig(env: Record<string, string | undefined>): WebAppConfig {
  const problems: string[] = [];
  const issuer = url('ISSUER', env.ISSUER, problems);
  const logoutStyle = env.LOGOUT_STYLE ?? 'oidc';
  if (logoutStyle !== 'oidc' && logoutStyle !== 'cognito') {
    problems.push(`LOGOUT_STYLE must be oidc or cognito, got ${JSON.stringify(logoutStyle)}`);
  }
  const config: WebAppConfig = {
    issuer,
    clientId: text('CLIENT_ID', env.CLIENT_ID, problems),
    clientSecret: text('CLIENT_SECRET', env.CLIENT_SECRET, problems),
    baseUrl: url('BASE_URL', env.BASE_URL, problems),
    apiUrl: url('API_URL', env.API_URL, problems),
    scope: env.SCOPE?.trim() || DEFAULT_SCOPE,
    logoutStyle: logoutStyle === 'cognito' ? 'cognito' : 'oidc',
    logoutDomain: env.LOGOUT_DOMAIN ? url('LOGOUT_DOMAIN', env.LOGOUT_DOMAIN, problems) : issuer,
    refreshSkewSeconds: seconds('REFRESH_SKEW_SECONDS', env.REFRESH_SKEW_SECONDS, 60, problems),
    sessionIdleSeconds: seconds('SESSION_IDLE_SECONDS', env.SESSION_IDLE_SECONDS, 8 * 3600, problems),
  };
  if (!config.scope.split(' ').includes('openid')) problems.push('SCOPE must include openid');
  if (problems.length > 0) {
    throw new ConfigError(`The web app is not configured:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}
