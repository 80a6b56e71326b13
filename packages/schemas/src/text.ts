import { z } from 'zod';

/**
 * C0 controls, DEL and C1 controls. PostgreSQL cannot store NUL at all, and the others
 * garble logs, terminals, headers and copied commands; no name or identifier needs them.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
/** The same, but a text a person writes over several lines keeps its line breaks (\n) and tabs. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_IN_PROSE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

export const CONTROL_MESSAGE = 'must not contain control characters';
export const CONTROL_IN_PROSE_MESSAGE = 'must not contain control characters other than line breaks and tabs';

/** True when `value` holds a character no single-line field accepts. */
export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}

/** Every single-line string field starts here: names, ids, identifiers, scopes, query parameters. */
export function text() {
  return z.string().refine((value) => !CONTROL.test(value), CONTROL_MESSAGE);
}

/** Descriptions, reasons and comments: line breaks (\n) and tabs allowed, no other control character. */
export function prose() {
  return z.string().refine((value) => !CONTROL_IN_PROSE.test(value), CONTROL_IN_PROSE_MESSAGE);
}
