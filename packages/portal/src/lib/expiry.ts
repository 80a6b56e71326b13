import { parseNumber } from './validation';

const MAX_DAYS = 3650;

/** An optional "expires in N days" box: seconds for the API, or a message for the field. */
export function daysToSeconds(text: string): { seconds?: number; error?: string } {
  const days = parseNumber(text);
  if (days === undefined) return {};
  if (Number.isNaN(days) || !Number.isInteger(days)) return { error: 'must be a whole number of days' };
  if (days < 1 || days > MAX_DAYS) return { error: `must be between 1 and ${MAX_DAYS} days` };
  return { seconds: days * 86_400 };
}
