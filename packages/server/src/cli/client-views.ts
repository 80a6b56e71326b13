import { type Client, type ClientSecretInfo, shellQuote } from '@gatehouse/schemas';
import { formatTable, type Output, summarise, when } from './output.js';

export function secretStatus(secret: ClientSecretInfo, now = Date.now()): string {
  if (secret.revokedAt !== null) return 'revoked';
  if (secret.expiresAt !== null && Date.parse(secret.expiresAt) <= now) return 'expired';
  return 'active';
}

export const SECRET_HEADERS = [
  'SECRET ID',
  'ENDS IN',
  'STATUS',
  'CREATED',
  'LAST USED',
  'EXPIRES',
  'REVOKED',
] as const;

export function secretRows(secrets: readonly ClientSecretInfo[]): string[][] {
  return secrets.map((s) => [
    s.id,
    `...${s.hint}`,
    secretStatus(s),
    s.createdAt,
    when(s.lastUsedAt),
    when(s.expiresAt),
    when(s.revokedAt),
  ]);
}

function credentials(client: Client): string {
  if (client.authMethod === 'private_key_jwt') {
    if (client.jwksUri) return `jwks_uri ${client.jwksUri}`;
    const kids = (client.jwks?.keys ?? []).map((k) => (typeof k.kid === 'string' ? k.kid : '(no kid)'));
    return `${kids.length} public key(s): ${kids.join(', ')}`;
  }
  if (client.secrets.length === 0) return '(none)';
  return formatTable(SECRET_HEADERS, secretRows(client.secrets)).join('\n');
}

export function showClient(out: Output, client: Client): void {
  out.block([
    ['client_id', client.clientId],
    ['name', client.name],
    ['description', client.description || '-'],
    ['enabled', client.enabled ? 'yes' : 'no (gets no tokens)'],
    ['auth method', client.authMethod],
    ['grant types', client.grantTypes.join('\n') || '(none: gets no tokens)'],
    ['scopes', client.scopes.join('\n') || '(none)'],
    ['token lifetime', client.tokenTtl === null ? "resource server's" : `${client.tokenTtl} s`],
    [client.authMethod === 'private_key_jwt' ? 'keys' : 'secrets', credentials(client)],
    ['created', client.createdAt],
    ['updated', client.updatedAt],
    ['last used', when(client.lastUsedAt)],
  ]);
}

export function clientRows(clients: readonly Client[]): string[][] {
  return clients.map((c) => [
    c.clientId,
    c.name,
    c.enabled ? 'yes' : 'no',
    c.authMethod,
    summarise(c.scopes),
    c.authMethod === 'private_key_jwt'
      ? '-'
      : String(c.secrets.filter((s) => secretStatus(s) === 'active').length),
    when(c.lastUsedAt),
  ]);
}

export const CLIENT_HEADERS = [
  'CLIENT ID',
  'NAME',
  'ENABLED',
  'AUTH METHOD',
  'SCOPES',
  'SECRETS',
  'LAST USED',
];

/**
 * Scopes for an example token request: one token is for one resource server, so the
 * scopes the client holds on the first one it is granted.
 */
function exampleScope(client: Client): string | undefined {
  const first = client.scopes[0];
  if (first === undefined) return undefined;
  const prefix = first.slice(0, first.lastIndexOf('/') + 1);
  return client.scopes.filter((s) => s.startsWith(prefix) && !s.slice(prefix.length).includes('/')).join(' ');
}

/** A ready-to-paste token request for a new client, in the shape its auth method needs. */
export function curlExample(client: Client, secret: string | undefined, tokenEndpoint: string): string[] {
  const scope = exampleScope(client);
  const scopeArg = scope ? [`--data-urlencode ${shellQuote(`scope=${scope}`)}`] : [];
  let auth: string[];
  if (client.authMethod === 'client_secret_basic') {
    auth = [`-u ${shellQuote(`${client.clientId}:${secret ?? 'CLIENT_SECRET'}`)}`];
  } else if (client.authMethod === 'client_secret_post') {
    auth = [
      `-d ${shellQuote(`client_id=${client.clientId}`)}`,
      `-d ${shellQuote(`client_secret=${secret ?? 'CLIENT_SECRET'}`)}`,
    ];
  } else {
    auth = [
      '-d client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      '-d client_assertion="$ASSERTION"',
    ];
  }
  const lines = [
    `curl -s ${auth.join(' ')}`,
    '-d grant_type=client_credentials',
    ...scopeArg,
    shellQuote(tokenEndpoint),
  ];
  return lines.map((line, i) => `${i === 0 ? '' : '    '}${line}${i < lines.length - 1 ? ' \\' : ''}`);
}
