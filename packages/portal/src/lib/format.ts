const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateOnly.format(date);
}

/** "3 days ago", "in 2 hours": for last-used and expiry columns. */
export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Number.isNaN(seconds)) return iso;
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(seconds, 'second');
}

/** 3600 → "1 hour", 90 → "1 min 30 s": token lifetimes read better in words. */
export function formatDuration(seconds: number): string {
  if (seconds % 86_400 === 0) return plural(seconds / 86_400, 'day');
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  if (seconds > 60) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return plural(seconds, 'second');
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export const AUTH_METHOD_LABELS: Record<string, string> = {
  client_secret_basic: 'Client secret (HTTP Basic)',
  client_secret_post: 'Client secret (form body)',
  private_key_jwt: 'Private key JWT',
};

/** The server's hint is the secret's last characters; show it as the end of something longer. */
export function secretHint(hint: string): string {
  return hint.includes('…') || hint.includes('...') ? hint : `…${hint}`;
}

/** `<identifier>/<scope>`: scope names never contain `/`, so the last one splits. */
export function splitQualified(qualified: string): { identifier: string; scope: string } {
  const at = qualified.lastIndexOf('/');
  return { identifier: qualified.slice(0, at), scope: qualified.slice(at + 1) };
}
