import { invalidParameter } from '../../errors.js';

/** AuthParameters / ChallengeResponses: a string map whose required keys Cognito names one by one. */
export function requireParameter(
  parameters: Readonly<Record<string, string>> | undefined,
  name: string,
): string {
  const value = parameters?.[name];
  if (value === undefined || value === '') throw invalidParameter(`Missing required parameter ${name}`);
  return value;
}
