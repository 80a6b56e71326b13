import type { EffectiveRateLimit, RateLimit } from '@gatehouse/schemas';
import { ForbiddenError } from '../errors.js';
import { formatRate } from './limit-layers.js';

/**
 * A team member may tighten its client's limits, never loosen them past what the client would
 * have without them (its team's limit, then the platform's): capacity is the platform's to give.
 * Observe mode lifts enforcement, so it is allowed only where the inherited limit observes too
 * (or nothing is inherited to enforce).
 */
export function checkWithinCeiling(limit: RateLimit, inherited: EffectiveRateLimit): void {
  const over = (what: string, shown: string) =>
    new ForbiddenError(
      `only platform admins may set a client's ${what} above its team or platform limit (${shown})`,
    );
  if (limit.rate !== undefined && inherited.rate !== null && limit.rate > inherited.rate) {
    throw over('rate', formatRate(inherited.rate));
  }
  if (limit.burst !== undefined && inherited.burst !== null && limit.burst > inherited.burst) {
    throw over('burst', String(inherited.burst));
  }
  if (limit.daily !== undefined && inherited.daily !== null && limit.daily > inherited.daily) {
    throw over('daily quota', String(inherited.daily));
  }
  const enforced = !inherited.observe && (inherited.rate !== null || inherited.daily !== null);
  if (limit.observe === true && enforced) {
    throw new ForbiddenError("only platform admins may switch a client's enforced limits to observe mode");
  }
}
