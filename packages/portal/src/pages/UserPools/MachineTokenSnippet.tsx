import { type AppClient, shellQuote, type UserPool } from '@gatehouse/schemas';
import { CopyButton } from '../../components/CopyButton';

/** A client_credentials client signs no one in: how it gets a token, as from Cognito's endpoint. */
export function MachineTokenSnippet({ pool, client }: { pool: UserPool; client: AppClient }) {
  const scope = client.scopes.join(' ');
  const curl =
    `curl -s -u ${shellQuote(`${client.clientId}:`)}"$POOL_CLIENT_SECRET" \\\n` +
    `  ${shellQuote(`${pool.issuer}/oauth2/token`)} \\\n` +
    `  -d grant_type=client_credentials -d scope=${shellQuote(scope)}`;
  return (
    <div className="snippet">
      <div className="snippet-header">
        <h3>Get a machine token (client_credentials)</h3>
        <CopyButton text={curl} label={`Copy token request for ${client.name}`} />
      </div>
      <pre data-testid="snippet-machine">
        <code>{curl}</code>
      </pre>
      <p className="muted">
        Set <code>POOL_CLIENT_SECRET</code> to the client secret. Leave out <code>scope</code> to get every
        scope the client holds.
      </p>
    </div>
  );
}
