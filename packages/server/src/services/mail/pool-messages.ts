import { escapeHtml } from '../../escape-html.js';
import { CODE_LIFETIME_MS } from '../pools/user-codes.js';
import type { MailMessage } from './mailer.js';

/** What a message needs of its pool: a structural slice of UserPoolView. */
export interface MailPool {
  name: string;
  settings?: {
    branding?: { displayName?: string | undefined; primaryColor?: string | undefined } | undefined;
  };
}

const DEFAULT_COLOR = '#1f4f8b';

interface Brand {
  name: string;
  color: string;
}

function brandOf(pool: MailPool): Brand {
  const branding = pool.settings?.branding;
  const name = branding?.displayName?.trim() || pool.name;
  // The schema already checks the colour; checked again because it lands in a style attribute.
  const color = /^#[0-9a-fA-F]{6}$/.test(branding?.primaryColor ?? '')
    ? (branding?.primaryColor as string)
    : DEFAULT_COLOR;
  return { name, color };
}

const hours = (ms: number): string => (ms === 3_600_000 ? '1 hour' : `${ms / 3_600_000} hours`);

/** Plain text and HTML of one message; every value is escaped once, here. */
function render(
  brand: Brand,
  to: string,
  subject: string,
  lead: string,
  value: string,
  notes: string[],
): MailMessage {
  const text = [`${brand.name}`, '', `${lead} ${value}`, '', ...notes, ''].join('\n');
  const para = 'margin:0 0 12px;font-size:15px;line-height:1.5;color:#333';
  const html = [
    '<!doctype html><html><body style="margin:0;padding:24px;background:#f5f5f5;font-family:Arial,Helvetica,sans-serif">',
    '<div style="max-width:480px;margin:0 auto;background:#fff;border-radius:6px;overflow:hidden">',
    `<div style="background:${brand.color};color:#fff;padding:16px 24px;font-size:18px;font-weight:bold">${escapeHtml(brand.name)}</div>`,
    '<div style="padding:24px">',
    `<p style="${para}">${escapeHtml(lead)}</p>`,
    `<p style="margin:0 0 16px;font-size:28px;font-weight:bold;letter-spacing:4px;font-family:monospace;color:#111">${escapeHtml(value)}</p>`,
    ...notes.map((note) => `<p style="${para}">${escapeHtml(note)}</p>`),
    '</div></div></body></html>',
  ].join('\n');
  return { to, subject, text, html };
}

/** The 6-digit code that confirms a sign-up. */
export function confirmationCodeMessage(pool: MailPool, to: string, code: string): MailMessage {
  const brand = brandOf(pool);
  return render(brand, to, `Your ${brand.name} verification code`, 'Your verification code is', code, [
    `It expires in ${hours(CODE_LIFETIME_MS.confirm_sign_up)}.`,
    `If you did not sign up for ${brand.name}, you can ignore this email.`,
  ]);
}

/** The 6-digit code that lets the user choose a new password. */
export function passwordResetCodeMessage(pool: MailPool, to: string, code: string): MailMessage {
  const brand = brandOf(pool);
  return render(brand, to, `Reset your ${brand.name} password`, 'Your password reset code is', code, [
    `It expires in ${hours(CODE_LIFETIME_MS.reset_password)}.`,
    'If you did not ask to reset your password, you can ignore this email: your password has not changed.',
  ]);
}

/** An account an admin created: the username and a temporary password to change at first sign-in. */
export function temporaryPasswordMessage(
  pool: MailPool,
  to: string,
  invite: { username: string; temporaryPassword: string; signInUrl?: string },
): MailMessage {
  const brand = brandOf(pool);
  const where = invite.signInUrl ? ` at ${invite.signInUrl}` : '';
  return render(
    brand,
    to,
    `Your ${brand.name} account`,
    'Your temporary password is',
    invite.temporaryPassword,
    [
      `Your username is ${invite.username}.`,
      `Sign in${where} with it and this password; you will be asked to choose a new password.`,
    ],
  );
}
