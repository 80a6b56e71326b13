import {
  type EffectiveRateLimit,
  type LimitSource,
  type RateLimit,
  rateLimitSchema,
} from '@gatehouse/schemas';

/** What the token endpoint applies to one client: absent parts do not limit. */
export interface AppliedLimit {
  /** Token requests per second, or null for no rate limit. */
  rate: number | null;
  /** The bucket's size when `rate` is set. */
  burst: number;
  /** Tokens per UTC day, or null for no quota. */
  daily: number | null;
  observe: boolean;
}

export interface LimitLayers {
  client: RateLimit;
  team: RateLimit | null;
  platform: RateLimit;
}

/**
 * Limits as stored (JSON text). A value that no longer parses (written by a later release, or
 * by hand) counts as unset rather than failing the token path; the admin API shows it as unset.
 */
export function parseStoredLimit(text: string | null): RateLimit {
  if (text === null) return {};
  try {
    const parsed = rateLimitSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Stored form: null when no part is set, so "nothing set" has one spelling. */
export function storedLimit(limit: RateLimit): string | null {
  const parts = Object.fromEntries(Object.entries(limit).filter(([, v]) => v !== undefined));
  return Object.keys(parts).length === 0 ? null : JSON.stringify(parts);
}

/** One second's worth, so a rate of 50/s without a burst lets 50 through at once. */
export function defaultBurst(rate: number): number {
  return Math.max(1, Math.ceil(rate));
}

/**
 * Part by part, the client's own value wins, then its team's, then the platform's: a client
 * that sets only `daily` keeps its team's rate.
 */
export function effectiveLimit(layers: LimitLayers): EffectiveRateLimit {
  const pick = <K extends keyof RateLimit>(key: K): [RateLimit[K], LimitSource | null] => {
    if (layers.client[key] !== undefined) return [layers.client[key], 'client'];
    if (layers.team?.[key] !== undefined) return [layers.team[key], 'team'];
    if (layers.platform[key] !== undefined) return [layers.platform[key], 'platform'];
    return [undefined, null];
  };
  const [rate, rateFrom] = pick('rate');
  let [burst, burstFrom] = pick('burst');
  const [daily, dailyFrom] = pick('daily');
  const [observe, observeFrom] = pick('observe');
  if (rate === undefined) {
    burst = undefined;
    burstFrom = null;
  } else if (burst === undefined) {
    burst = defaultBurst(rate);
    burstFrom = 'default';
  }
  return {
    rate: rate ?? null,
    burst: burst ?? null,
    daily: daily ?? null,
    observe: observe ?? false,
    sources: { rate: rateFrom, burst: burstFrom, daily: dailyFrom, observe: observeFrom },
  };
}

/** The token path's form; null when nothing limits the client, so the check is skipped. */
export function appliedLimit(effective: EffectiveRateLimit): AppliedLimit | null {
  if (effective.rate === null && effective.daily === null) return null;
  return {
    rate: effective.rate,
    burst: effective.burst ?? 1,
    daily: effective.daily,
    observe: effective.observe,
  };
}

/** The same, from the stored layers: what the client cache holds. */
export function appliedFromStored(stored: {
  client: string | null;
  team: string | null;
  platform: string | null;
}): AppliedLimit | null {
  return appliedLimit(
    effectiveLimit({
      client: parseStoredLimit(stored.client),
      team: parseStoredLimit(stored.team),
      platform: parseStoredLimit(stored.platform),
    }),
  );
}

const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600 };

/**
 * "50/s", "600/m", "3600/h" (or a bare number, per second) → requests per second. Undefined
 * for anything else, so the caller can name the flag in its error.
 */
export function parseRate(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*([smh]))?\s*$/.exec(text);
  if (!match) return undefined;
  const per = UNITS[match[2] ?? 's'] ?? 1;
  const rate = Number(match[1]) / per;
  return rate > 0 && Number.isFinite(rate) ? rate : undefined;
}

/** 50 → "50/s", 0.5 → "30/m", 1/3600 → "1/h": the shortest exact form for people. */
export function formatRate(rate: number): string {
  for (const [unit, per] of [
    ['s', 1],
    ['m', 60],
    ['h', 3600],
  ] as const) {
    const n = rate * per;
    if (Math.abs(n - Math.round(n)) < 1e-9) return `${Math.round(n)}/${unit}`;
  }
  return `${rate}/s`;
}
