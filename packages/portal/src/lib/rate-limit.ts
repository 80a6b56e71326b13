import type { EffectiveRateLimit, LimitSource } from '@gatehouse/schemas';

/** 50 → "50/s", 0.5 → "30/min", as the CLI writes them. */
export function formatRate(rate: number): string {
  for (const [unit, per] of [
    ['s', 1],
    ['min', 60],
    ['h', 3600],
  ] as const) {
    const n = rate * per;
    if (Math.abs(n - Math.round(n)) < 1e-9) return `${Math.round(n)}/${unit}`;
  }
  return `${rate}/s`;
}

const SOURCE: Record<LimitSource, string> = {
  client: 'set on this client',
  team: 'team default',
  platform: 'platform default',
  default: 'one second of the rate',
};

export const sourceLabel = (source: LimitSource | null) => (source === null ? '' : SOURCE[source]);

/** One line for a table cell: "50/s · 100,000/day", or "No limit". */
export function limitSummary(effective: EffectiveRateLimit): string {
  const parts: string[] = [];
  if (effective.rate !== null) parts.push(formatRate(effective.rate));
  if (effective.daily !== null) parts.push(`${effective.daily.toLocaleString()}/day`);
  if (parts.length === 0) return 'No limit';
  return parts.join(' · ') + (effective.observe ? ' (observe)' : '');
}
