import { jsString, shellQuote } from '@gatehouse/schemas';
import type { Client } from '../../api/types';
import { splitQualified } from '../../lib/format';

/** A token is for one API: the snippets ask for the scopes of the first API the client holds. */
function firstApiScopes(client: Client): string[] {
  const first = client.scopes[0];
  if (!first) return [];
  const { identifier } = splitQualified(first);
  return client.scopes.filter((s) => splitQualified(s).identifier === identifier);
}

// Every value is quoted: identifiers and scopes are chosen by users, and the snippet is pasted
// into a shell or an editor as it is. Only $CLIENT_SECRET is left for the shell to expand.

export function curlSnippet(client: Client, tokenEndpoint: string): string {
  const scopes = firstApiScopes(client);
  const scopeLine = scopes.length ? ` \\\n  --data-urlencode ${shellQuote(`scope=${scopes.join(' ')}`)}` : '';
  if (client.authMethod === 'client_secret_post') {
    return (
      `curl -s ${shellQuote(tokenEndpoint)} \\\n  -d grant_type=client_credentials \\\n` +
      `  -d ${shellQuote(`client_id=${client.clientId}`)} \\\n` +
      `  --data-urlencode client_secret="$CLIENT_SECRET"${scopeLine}`
    );
  }
  return (
    `curl -s -u ${shellQuote(`${client.clientId}:`)}"$CLIENT_SECRET" ${shellQuote(tokenEndpoint)} \\\n` +
    `  -d grant_type=client_credentials${scopeLine}`
  );
}

export function sdkSnippet(client: Client, issuer: string): string {
  const scopes = firstApiScopes(client);
  const scopeList = scopes.map(jsString).join(', ');
  const keyed = client.authMethod === 'private_key_jwt';
  const lines = [
    ...(keyed ? ["import { readFileSync } from 'node:fs';"] : []),
    "import { createTokenClient } from '@gatehouse/client';",
    '',
    'const gatehouse = createTokenClient({',
    `  issuer: ${jsString(issuer)},`,
    `  clientId: ${jsString(client.clientId)},`,
    keyed
      ? "  privateKey: readFileSync('private-key.pem', 'utf8'),"
      : '  clientSecret: process.env.GATEHOUSE_CLIENT_SECRET!,',
    ...(client.authMethod === 'client_secret_post' ? ["  authMethod: 'client_secret_post',"] : []),
    `  scopes: [${scopeList}],`,
    '});',
    '',
    '// Adds a fresh Bearer token to each call, renewing it before it expires.',
    "const response = await gatehouse.fetch('https://api.example.com/…');",
  ];
  return lines.join('\n');
}
