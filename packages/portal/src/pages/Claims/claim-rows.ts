import type { Claims } from '@gatehouse/schemas';

/** One editable row: the claim's name and its value as typed. */
export interface ClaimRow {
  key: string;
  value: string;
}

/** As the CLI reads KEY=VALUE: JSON when the text parses as JSON (3, true, ["a"]), else a string. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** How a value is shown for editing: strings bare unless they would read back as something else. */
export function valueText(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  return parseValue(value) === value ? value : JSON.stringify(value);
}

export const rowsOf = (claims: Claims): ClaimRow[] =>
  Object.entries(claims).map(([key, value]) => ({ key, value: valueText(value) }));

/** The claims the rows make; a duplicate or empty name is said per row index. */
export function claimsOf(rows: readonly ClaimRow[]): { claims: Claims; errors: Record<number, string> } {
  const claims: Claims = {};
  const errors: Record<number, string> = {};
  rows.forEach((row, i) => {
    const key = row.key.trim();
    if (key === '' && row.value.trim() === '') return;
    if (key === '') errors[i] = 'Give the claim a name.';
    else if (Object.hasOwn(claims, key)) errors[i] = `"${key}" is given twice.`;
    else claims[key] = parseValue(row.value);
  });
  return { claims, errors };
}
