import type { Client } from '../../api/types';
import { CopyButton } from '../../components/CopyButton';
import { AUTH_METHOD_LABELS, formatDateTime, formatDuration } from '../../lib/format';
import { useSession } from '../../lib/session';

/** What a developer needs to configure the caller: its id and where to get tokens. */
export function ClientDetails({ client }: { client: Client }) {
  const { config } = useSession();
  return (
    <section className="card" aria-labelledby="details-heading">
      <h2 id="details-heading">Credentials</h2>
      <dl className="details">
        <dt>Client ID</dt>
        <dd className="copy-row">
          <code data-testid="client-id">{client.clientId}</code>
          <CopyButton text={client.clientId} label="Copy client ID" />
        </dd>
        <dt>Token endpoint</dt>
        <dd className="copy-row">
          <code data-testid="token-endpoint">{config.tokenEndpoint}</code>
          <CopyButton text={config.tokenEndpoint} label="Copy token endpoint" />
        </dd>
        <dt>Authentication</dt>
        <dd>{AUTH_METHOD_LABELS[client.authMethod] ?? client.authMethod}</dd>
        <dt>Grant types</dt>
        <dd data-testid="grant-types">
          {client.grantTypes.length > 0 ? (
            <code>{client.grantTypes.join(' ')}</code>
          ) : (
            <span className="muted">None: it gets no tokens</span>
          )}
        </dd>
        <dt>Token lifetime</dt>
        <dd>{client.tokenTtl ? formatDuration(client.tokenTtl) : 'Each API’s own'}</dd>
        <dt>Created</dt>
        <dd>{formatDateTime(client.createdAt)}</dd>
      </dl>
    </section>
  );
}
