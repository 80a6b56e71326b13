import type { TokenProfile } from '@gatehouse/schemas';

/** What each token profile means, in one line, for the create dialog and the API page. */
export const TOKEN_PROFILE_CHOICES: readonly { value: TokenProfile; label: string; hint: string }[] = [
  {
    value: 'rfc9068',
    label: 'RFC 9068 (default)',
    hint: 'Scopes by their short name (place-order), as @gatehouse/verify and RFC 9068 verifiers expect.',
  },
  {
    value: 'cognito',
    label: 'Cognito',
    hint: 'Qualified scopes (lj-health-food/place-order) with token_use, auth_time and version: code written for Amazon Cognito (aws-jwt-verify) runs unchanged.',
  },
];

export const tokenProfileHint = (profile: TokenProfile): string =>
  TOKEN_PROFILE_CHOICES.find((c) => c.value === profile)?.hint ?? '';
