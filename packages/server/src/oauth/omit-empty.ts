/**
 * RFC 8414 §3.2 (and RFC 9728 §3.2, OIDC Discovery §4.2): "Claims with zero elements MUST be
 * omitted from the response." Every metadata document goes through this, so an empty list or a
 * missing value can never be served, whatever a deployment has configured.
 */
export function omitEmptyClaims<T extends Record<string, unknown>>(doc: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(doc)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[name] = value;
  }
  return out as Partial<T>;
}
