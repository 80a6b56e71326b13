/**
 * Splits `<identifier>/<scope>` by the longest registered identifier that prefixes it, so
 * `https://api.example.com/v2/read` finds `https://api.example.com/v2` before
 * `https://api.example.com`. Walks the `/` positions from the right: the cost is the number
 * of slashes in the string, whatever the number of resource servers.
 */
export function resolveQualifiedScope<T>(
  qualified: string,
  lookup: (identifier: string) => T | undefined,
): { resource: T; identifier: string; scope: string } | undefined {
  let slash = qualified.lastIndexOf('/');
  while (slash > 0) {
    const scope = qualified.slice(slash + 1);
    if (scope === '') return undefined;
    const identifier = qualified.slice(0, slash);
    const resource = lookup(identifier);
    if (resource !== undefined) return { resource, identifier, scope };
    slash = qualified.lastIndexOf('/', slash - 1);
  }
  return undefined;
}
