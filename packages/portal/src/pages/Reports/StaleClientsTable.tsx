import type { StaleClientsReport } from '@gatehouse/schemas';
import { updateClient } from '../../api/clients';
import { EmptyState } from '../../components/EmptyState';
import { Table } from '../../components/Table';
import { formatDateTime, formatRelative, plural } from '../../lib/format';
import { Link } from '../../router';
import { FixButton } from './FixButton';

interface Props {
  report: StaleClientsReport;
  onChanged: () => void;
}

export function StaleClientsTable({ report, onChanged }: Props) {
  const { stale, neverUsed } = report.summary;
  return (
    <section aria-labelledby="stale-heading">
      <h2 id="stale-heading">Stale clients</h2>
      <p className="muted" data-testid="stale-summary">
        {plural(stale, 'enabled client')} got no token in {report.days} days ({neverUsed} never used).
        Disabling one stops its tokens at once and keeps its settings.
      </p>
      {report.clients.length === 0 ? (
        <EmptyState title="No stale clients">Every client got a token lately.</EmptyState>
      ) : (
        <Table
          caption="Stale clients"
          rows={report.clients}
          rowKey={(c) => c.clientId}
          columns={[
            { header: 'Client', cell: (c) => <Link to={`/clients/${c.clientId}`}>{c.clientName}</Link> },
            { header: 'Team', cell: (c) => c.teamSlug ?? 'Gatehouse' },
            {
              header: 'Last used',
              className: 'nowrap',
              cell: (c) =>
                c.lastUsedAt ? (
                  <time dateTime={c.lastUsedAt} title={formatDateTime(c.lastUsedAt)}>
                    {formatRelative(c.lastUsedAt)}
                  </time>
                ) : (
                  <span className="muted">Never</span>
                ),
            },
            { header: 'Idle', className: 'num', cell: (c) => plural(c.idleDays, 'day') },
            {
              header: 'Oldest secret',
              className: 'num',
              cell: (c) =>
                c.oldestSecretAgeDays === null ? (
                  <span className="muted">{c.authMethod === 'private_key_jwt' ? 'Keys' : 'None'}</span>
                ) : (
                  plural(c.oldestSecretAgeDays, 'day')
                ),
            },
            {
              header: <span className="visually-hidden">Fix</span>,
              className: 'actions',
              cell: (c) => (
                <FixButton
                  label="Disable"
                  ariaLabel={`Disable client ${c.clientName}`}
                  title={`Disable ${c.clientName}?`}
                  confirmLabel="Disable client"
                  run={async () => {
                    await updateClient(c.clientId, { enabled: false });
                    return `Client ${c.clientName} disabled.`;
                  }}
                  onDone={onChanged}
                >
                  It gets no more tokens, and its tokens stop introspecting as active, within a second. You
                  can enable it again from its page.
                </FixButton>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
