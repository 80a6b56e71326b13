import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'lj_session';
export const LOGIN_COOKIE = 'lj_login';

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** HttpOnly so scripts never see the id; Lax so the provider's redirect back still carries it. */
export function setCookie(
  res: Response,
  name: string,
  value: string,
  secure: boolean,
  maxAgeMs?: number,
): void {
  res.cookie(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }),
  });
}

export function clearCookie(res: Response, name: string, secure: boolean): void {
  res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
