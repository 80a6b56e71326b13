/** Case-insensitive substring search over a few fields; an empty query matches everything. */
export function matches(query: string | undefined, ...fields: string[]): boolean {
  const q = query?.trim().toLowerCase();
  if (!q) return true;
  return fields.some((f) => f.toLowerCase().includes(q));
}
