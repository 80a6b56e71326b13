import type { ResourceServer } from '@gatehouse/schemas';
import { formatTable, type Output, when } from './output.js';

/** `NAME[=DESCRIPTION]`: the first `=` splits, so descriptions may contain `=`. */
export function parseScopeSpec(raw: string): { name: string; description: string } {
  const eq = raw.indexOf('=');
  return eq === -1
    ? { name: raw, description: '' }
    : { name: raw.slice(0, eq), description: raw.slice(eq + 1) };
}

function scopeTable(server: ResourceServer): string {
  if (server.scopes.length === 0) return '(none)';
  return formatTable(
    ['', ''],
    server.scopes.map((s) => [s.name, s.description]),
  )
    .slice(1)
    .join('\n');
}

export function showResourceServer(out: Output, server: ResourceServer): void {
  out.block([
    ['identifier', server.identifier],
    ['name', server.name],
    ['description', server.description || '-'],
    ['id', server.id],
    ['scopes', scopeTable(server)],
    ['token lifetime', `${server.tokenTtl} s`],
    ['signing alg', server.signingAlg],
    ['token profile', server.tokenProfile],
    ['built in', server.builtIn ? 'yes' : 'no'],
    ['team', server.teamId ?? '-'],
    ['created', when(server.createdAt)],
    ['updated', when(server.updatedAt)],
    // RFC 9728: what the API can name in resource_metadata="…" of its 401 challenges.
    ...(server.metadataUrl === undefined ? [] : [['metadata', server.metadataUrl] as [string, string]]),
  ]);
}
