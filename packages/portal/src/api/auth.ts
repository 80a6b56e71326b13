import type { LoginBody, SetupBody } from '@gatehouse/schemas';
import { http, setCsrfToken } from './http';
import type { AuthConfig, Me } from './types';

export const getAuthConfig = () =>
  http.get<AuthConfig>('/api/v1/auth/config', { allowUnauthenticated: true });

export async function getMe(): Promise<Me> {
  const me = await http.get<Me>('/api/v1/me', { allowUnauthenticated: true });
  setCsrfToken(me.csrfToken);
  return me;
}

export async function login(email: string, password: string): Promise<Me> {
  const body: LoginBody = { email, password };
  const me = await http.post<Me>('/api/v1/auth/login', body, { allowUnauthenticated: true });
  setCsrfToken(me.csrfToken);
  return me;
}

export async function setup(body: SetupBody): Promise<Me> {
  const me = await http.post<Me>('/api/v1/auth/setup', body, { allowUnauthenticated: true });
  setCsrfToken(me.csrfToken);
  return me;
}

export async function logout(): Promise<void> {
  await http.post<void>('/api/v1/auth/logout', undefined, { allowUnauthenticated: true });
  setCsrfToken(null);
}

/** SSO is a full-page round trip through the identity provider, never a fetch. */
export function ssoStartUrl(returnTo: string): string {
  return `/api/v1/auth/sso/start?returnTo=${encodeURIComponent(returnTo)}`;
}
