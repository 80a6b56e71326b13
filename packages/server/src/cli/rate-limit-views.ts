import type { EffectiveRateLimit, RateLimit } from '@gatehouse/schemas';
import { formatRate, parseRate } from '../services/rate-limits/limit-layers.js';
import { UsageError } from './errors.js';
import type { Invocation } from './invocation.js';
import type { Output } from './output.js';

/** `--rate 50/s --burst 100 --daily 100000 --observe|--enforce`; `none` removes a part. */
export const LIMIT_OPTIONS = {
  rate: {
    type: 'string',
    value: 'N/s|N/m|N/h',
    description: 'token requests per second, minute or hour (e.g. 50/s, 600/m); none: inherit',
  },
  burst: {
    type: 'string',
    value: 'N',
    description: 'requests allowed at once (default: one second of the rate); none: inherit',
  },
  daily: { type: 'string', value: 'N', description: 'tokens per UTC day; none: inherit' },
  observe: { type: 'boolean', description: 'count what would be refused, refuse nothing' },
  enforce: { type: 'boolean', description: 'refuse what is over the limit (429)' },
} as const;

function count(inv: Invocation, name: 'burst' | 'daily'): number | null | undefined {
  const raw = inv.string(name);
  if (raw === undefined) return undefined;
  if (raw.trim() === 'none') return null;
  if (!/^\d{1,13}$/.test(raw.trim()) || Number(raw) < 1) {
    throw new UsageError(`--${name} must be a whole number of at least 1, or none, got "${raw}"`);
  }
  return Number(raw.trim());
}

/** The flags given, merged over the current parts: a part not named keeps its value. */
export function mergeLimitFlags(inv: Invocation, current: RateLimit): RateLimit {
  if (inv.flag('observe') && inv.flag('enforce'))
    throw new UsageError('give --observe or --enforce, not both');
  const next: RateLimit = { ...current };
  const rawRate = inv.string('rate');
  if (rawRate !== undefined) {
    if (rawRate.trim() === 'none') delete next.rate;
    else {
      const rate = parseRate(rawRate);
      if (rate === undefined) {
        throw new UsageError(
          `--rate must be a number per second, minute or hour such as 50/s or 600/m, got "${rawRate}"`,
        );
      }
      next.rate = rate;
    }
  }
  for (const name of ['burst', 'daily'] as const) {
    const value = count(inv, name);
    if (value === null) delete next[name];
    else if (value !== undefined) next[name] = value;
  }
  if (inv.flag('observe')) next.observe = true;
  if (inv.flag('enforce')) next.observe = false;
  if (
    rawRate === undefined &&
    inv.string('burst') === undefined &&
    inv.string('daily') === undefined &&
    !inv.flag('observe') &&
    !inv.flag('enforce')
  ) {
    throw new UsageError('nothing to set: give --rate, --burst, --daily, --observe or --enforce');
  }
  return next;
}

/** `50/s, burst 100, 100000/day, observe`, or `(none)`. */
export function describeLimit(limit: RateLimit): string {
  const parts: string[] = [];
  if (limit.rate !== undefined) parts.push(formatRate(limit.rate));
  if (limit.burst !== undefined) parts.push(`burst ${limit.burst}`);
  if (limit.daily !== undefined) parts.push(`${limit.daily}/day`);
  if (limit.observe !== undefined) parts.push(limit.observe ? 'observe' : 'enforce');
  return parts.join(', ') || '(none)';
}

function from(source: string | null): string {
  return source === null ? '' : ` (${source})`;
}

/** The effective limit, part by part with where each comes from. */
export function showEffective(out: Output, effective: EffectiveRateLimit): void {
  const { sources } = effective;
  out.block([
    ['Rate', effective.rate === null ? 'unlimited' : `${formatRate(effective.rate)}${from(sources.rate)}`],
    ['Burst', effective.burst === null ? '-' : `${effective.burst}${from(sources.burst)}`],
    ['Daily', effective.daily === null ? 'unlimited' : `${effective.daily}${from(sources.daily)}`],
    ['Mode', `${effective.observe ? 'observe' : 'enforce'}${from(sources.observe)}`],
  ]);
}
