import type { FieldSpec } from './fields.js';
import type { PagePool } from './model.js';

// The fields several pages share. The sign-in name is always posted as `username`, whether the
// pool signs in with a username or an email address; `autocomplete="username"` either way, which
// is what password managers pair a saved password with.

export function identifierField(pool: PagePool, readonly = false): FieldSpec {
  return pool.settings.signInWith === 'email'
    ? {
        name: 'username',
        label: 'Email address',
        type: 'email',
        autocomplete: 'username',
        verbatim: true,
        readonly,
      }
    : { name: 'username', label: 'Username', autocomplete: 'username', verbatim: true, readonly };
}

export function currentPasswordField(): FieldSpec {
  return { name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' };
}

/** The rules are shown before typing, not only after a failed try. */
export function passwordRules(pool: PagePool): string {
  return `Use at least ${pool.settings.passwordPolicy.minLength} characters. Common passwords are not accepted.`;
}

export function newPasswordField(pool: PagePool, label = 'Password'): FieldSpec {
  const min = pool.settings.passwordPolicy.minLength;
  return {
    name: 'password',
    label,
    type: 'password',
    autocomplete: 'new-password',
    hint: passwordRules(pool),
    minlength: min,
    passwordrules: `minlength: ${min};`,
  };
}

export function codeField(): FieldSpec {
  return {
    name: 'code',
    label: 'Verification code',
    hint: 'The 6-digit code in the email we sent you.',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    pattern: '[0-9]{6}',
    maxlength: 6,
    className: 'code',
    verbatim: true,
  };
}
