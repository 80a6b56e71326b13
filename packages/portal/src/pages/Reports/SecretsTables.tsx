import type { ReportSecret, SecretsReport } from '@gatehouse/schemas';
import { addSecret, revokeSecret } from '../../api/clients';
import type { IssuedSecret } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { Table } from '../../components/Table';
import { formatDate, formatDateTime, formatRelative, plural, secretHint } from '../../lib/format';
import { Link } from '../../router';
import { FixButton } from './FixButton';

interface Props {
  report: SecretsReport;
  onChanged: () => void;
  /** A rotation made a new secret: it must be shown now, once. */
  onRotated: (clientName: string, secret: IssuedSecret) => void;
}

interface Owned {
  clientId: string;
  clientName: string;
  teamSlug: string | null;
}

const lastUsed = (s: ReportSecret) =>
  s.lastUsedAt ? (
    <time dateTime={s.lastUsedAt} title={formatDateTime(s.lastUsedAt)}>
      {formatRelative(s.lastUsedAt)}
    </time>
  ) : (
    <span className="muted">Never</span>
  );

export function SecretsTables({ report, onChanged, onRotated }: Props) {
  const rotate = (row: Owned & ReportSecret) => (
    <FixButton
      label="Rotate"
      ariaLabel={`Rotate secret ${secretHint(row.hint)} of ${row.clientName}`}
      title={`Rotate the secret of ${row.clientName}?`}
      confirmLabel="Add a new secret"
      danger={false}
      run={async () => {
        const secret = await addSecret(row.clientId);
        onRotated(row.clientName, secret);
        return `New secret added to ${row.clientName}.`;
      }}
      onDone={onChanged}
    >
      A new secret is made and shown once. The old one <code>{secretHint(row.hint)}</code> keeps working until
      you revoke it, once callers use the new one.
    </FixButton>
  );
  const owner = [
    { header: 'Client', cell: (r: Owned) => <Link to={`/clients/${r.clientId}`}>{r.clientName}</Link> },
    { header: 'Team', cell: (r: Owned) => r.teamSlug ?? 'Gatehouse' },
  ];
  const { old, expiring, multipleActive } = report.summary;
  return (
    <section aria-labelledby="secrets-heading">
      <h2 id="secrets-heading">Secrets</h2>
      <p className="muted" data-testid="secrets-summary">
        {plural(old, 'secret')} older than {report.maxAgeDays} days, {expiring} expiring within{' '}
        {report.expiringWithinDays} days, {plural(multipleActive, 'client')} with more than one active secret.
      </p>
      <h3>Older than {report.maxAgeDays} days</h3>
      {report.old.length === 0 ? (
        <EmptyState title="None">No active secret is that old.</EmptyState>
      ) : (
        <Table
          caption="Old secrets"
          rows={report.old}
          rowKey={(s) => s.secretId}
          columns={[
            ...owner,
            { header: 'Secret', cell: (s) => <code>{secretHint(s.hint)}</code> },
            { header: 'Age', className: 'num', cell: (s) => plural(s.ageDays, 'day') },
            { header: 'Last used', className: 'nowrap', cell: lastUsed },
            { header: <span className="visually-hidden">Fix</span>, className: 'actions', cell: rotate },
          ]}
        />
      )}
      <h3>Expiring within {report.expiringWithinDays} days</h3>
      {report.expiring.length === 0 ? (
        <EmptyState title="None">No active secret expires that soon.</EmptyState>
      ) : (
        <Table
          caption="Secrets expiring soon"
          rows={report.expiring}
          rowKey={(s) => s.secretId}
          columns={[
            ...owner,
            { header: 'Secret', cell: (s) => <code>{secretHint(s.hint)}</code> },
            { header: 'Expires', className: 'nowrap', cell: (s) => formatDate(s.expiresAt) },
            { header: 'Last used', className: 'nowrap', cell: lastUsed },
            { header: <span className="visually-hidden">Fix</span>, className: 'actions', cell: rotate },
          ]}
        />
      )}
      <h3>More than one active secret</h3>
      {report.multipleActive.length === 0 ? (
        <EmptyState title="None">Every rotation was finished.</EmptyState>
      ) : (
        <Table
          caption="Clients with more than one active secret"
          rows={report.multipleActive}
          rowKey={(c) => c.clientId}
          columns={[
            ...owner,
            {
              header: 'Secrets (oldest first)',
              cell: (c) =>
                c.secrets
                  .map(
                    (s) =>
                      `${secretHint(s.hint)} used ${s.lastUsedAt ? formatRelative(s.lastUsedAt) : 'never'}`,
                  )
                  .join(', '),
            },
            {
              header: <span className="visually-hidden">Fix</span>,
              className: 'actions',
              cell: (c) => {
                const older = c.secrets.slice(0, -1);
                return (
                  <FixButton
                    label="Revoke older"
                    ariaLabel={`Revoke the older secrets of ${c.clientName}`}
                    title={`Revoke ${plural(older.length, 'older secret')} of ${c.clientName}?`}
                    confirmLabel="Revoke"
                    run={async () => {
                      for (const s of older) await revokeSecret(c.clientId, s.secretId);
                      return `Older secrets of ${c.clientName} revoked.`;
                    }}
                    onDone={onChanged}
                  >
                    Callers still using {older.map((s) => secretHint(s.hint)).join(', ')} will get{' '}
                    <code>invalid_client</code> within a second. The newest secret keeps working.
                  </FixButton>
                );
              },
            },
          ]}
        />
      )}
    </section>
  );
}
