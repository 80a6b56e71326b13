import type { FieldSpec } from './fields.js';

// The inputs for a pool's required attributes on the sign-up page: standard OIDC claims get
// their label and autocomplete token; custom:* attributes get their name as the label.

const STANDARD: Record<string, Omit<FieldSpec, 'name'>> = {
  name: { label: 'Full name', autocomplete: 'name' },
  given_name: { label: 'First name', autocomplete: 'given-name' },
  family_name: { label: 'Last name', autocomplete: 'family-name' },
  middle_name: { label: 'Middle name', autocomplete: 'additional-name' },
  nickname: { label: 'Nickname', autocomplete: 'nickname' },
  preferred_username: { label: 'Preferred username', autocomplete: 'nickname', verbatim: true },
  phone_number: {
    label: 'Phone number',
    type: 'tel',
    autocomplete: 'tel',
    hint: 'With the country code, for example +44 20 7946 0000.',
  },
  birthdate: { label: 'Date of birth', type: 'date', autocomplete: 'bday' },
  gender: { label: 'Gender', autocomplete: 'sex' },
  locale: { label: 'Language', autocomplete: 'language' },
  zoneinfo: { label: 'Time zone', hint: 'For example Europe/Paris.' },
  website: { label: 'Website', type: 'url', autocomplete: 'url' },
  profile: { label: 'Profile page', type: 'url', autocomplete: 'url' },
  picture: { label: 'Picture URL', type: 'url', autocomplete: 'photo' },
  address: { label: 'Address', type: 'textarea', autocomplete: 'street-address' },
};

// Set by the server, never typed: the sign-up page asks for none of these.
const NOT_INPUT = new Set([
  'sub',
  'email',
  'email_verified',
  'phone_number_verified',
  'updated_at',
  'username',
]);

export function attributeFields(required: readonly string[]): FieldSpec[] {
  return [...new Set(required)]
    .filter((name) => !NOT_INPUT.has(name))
    .map((name) => {
      const known = Object.hasOwn(STANDARD, name) ? STANDARD[name] : undefined;
      if (known) return { name, ...known };
      return { name, label: name.startsWith('custom:') ? name.slice('custom:'.length) : name };
    });
}
