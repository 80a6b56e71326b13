import type { PagePool } from './model.js';

/** Branding after validation: every value here is safe to place in the page as it is. */
export interface Theme {
  displayName: string;
  /** An https URL, or undefined: any other scheme could load from anywhere or run script. */
  logoUrl: string | undefined;
  /** The primary colour, for buttons. */
  primary: string;
  /** Text on the primary colour: black or white, whichever contrasts more. */
  onPrimary: string;
  /** The button's edge: the primary colour, or near-black when the primary fades into white (3:1). */
  buttonBorder: string;
  /** Links and focus rings: the primary colour when it reads on white (4.5:1), else the default. */
  accent: string;
}

export const DEFAULT_PRIMARY = '#1d4ed8';
export const TEXT = '#1a1a1a';
const COLOUR = /^#[0-9a-fA-F]{6}$/;
const MAX_NAME = 100;
const MAX_URL = 2048;

function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2 contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function httpsUrl(value: string | undefined): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_URL) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.username === '' && url.password === '' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function themeOf(pool: PagePool): Theme {
  const branding = pool.settings.branding ?? {};
  const name = typeof branding.displayName === 'string' ? branding.displayName.trim() : '';
  const primary =
    typeof branding.primaryColor === 'string' && COLOUR.test(branding.primaryColor)
      ? branding.primaryColor.toLowerCase()
      : DEFAULT_PRIMARY;
  return {
    displayName: (name || pool.name).slice(0, MAX_NAME),
    logoUrl: httpsUrl(branding.logoUrl),
    primary,
    onPrimary: contrast(primary, '#000000') > contrast(primary, '#ffffff') ? '#000000' : '#ffffff',
    buttonBorder: contrast(primary, '#ffffff') >= 3 ? primary : TEXT,
    accent: contrast(primary, '#ffffff') >= 4.5 ? primary : DEFAULT_PRIMARY,
  };
}
