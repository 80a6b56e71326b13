import { EMAIL_PATTERN, MIN_PASSWORD_LENGTH } from '@gatehouse/schemas';
import type { FieldErrors } from './validation';

/** The fields of a new account, in the setup page and the New user dialog. */
export interface PersonValues {
  email: string;
  name: string;
  password: string;
}

/** Judges a new account's email, name and password as the server's schema will. */
export function validatePerson(v: PersonValues): FieldErrors {
  const errors: FieldErrors = {};
  if (!EMAIL_PATTERN.test(v.email.trim())) errors.email = 'must be an email address';
  if (!v.name.trim()) errors.name = 'is required';
  if (v.password.length < MIN_PASSWORD_LENGTH)
    errors.password = `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  return errors;
}
