import type { UnusedScope, UnusedScopesReport } from '@gatehouse/schemas';
import { removePermission } from '../../api/clients';
import { removeClientRole } from '../../api/reports';
import { EmptyState } from '../../components/EmptyState';
import { Table } from '../../components/Table';
import { formatDate, formatRelative, plural } from '../../lib/format';
import { Link } from '../../router';
import { FixButton } from './FixButton';

interface Props {
  report: UnusedScopesReport;
  onChanged: () => void;
}

function Fix({ row, onChanged }: { row: UnusedScope; onChanged: () => void }) {
  if (row.origin.type === 'role' && row.origin.roleId) {
    const { role, roleId } = row.origin;
    return (
      <FixButton
        label="Remove role"
        ariaLabel={`Remove role ${role ?? ''} from ${row.clientName}`}
        title={`Take role ${role ?? ''} from ${row.clientName}?`}
        confirmLabel="Remove role"
        run={async () => {
          await removeClientRole(row.clientId, roleId);
          return `Role ${role ?? ''} removed from ${row.clientName}.`;
        }}
        onDone={onChanged}
      >
        The client holds <code>{row.scope}</code> through this role. Taking the role takes every scope it
        gives; to keep the others, change the role instead.
      </FixButton>
    );
  }
  return (
    <FixButton
      label="Remove scope"
      ariaLabel={`Remove ${row.scope} from ${row.clientName}`}
      title={`Remove ${row.scope}?`}
      confirmLabel="Remove scope"
      run={async () => {
        await removePermission(row.clientId, row.scope);
        return `${row.scope} removed from ${row.clientName}.`;
      }}
      onDone={onChanged}
    >
      {row.clientName} will get <code>invalid_scope</code> if it asks for <code>{row.scope}</code> again.
    </FixButton>
  );
}

export function UnusedScopesTable({ report, onChanged }: Props) {
  const { scopes, clients } = report.summary;
  return (
    <section aria-labelledby="unused-heading">
      <h2 id="unused-heading">Unused scopes</h2>
      <p className="muted" data-testid="unused-summary">
        {plural(scopes, 'scope')} held by {plural(clients, 'client')} and not requested in {report.days} days.
        Scopes given less than {report.days} days ago are not listed yet.
      </p>
      {report.scopes.length === 0 ? (
        <EmptyState title="No unused scopes">Every scope held was used lately.</EmptyState>
      ) : (
        <Table
          caption="Unused scopes"
          rows={report.scopes}
          rowKey={(s) => `${s.clientId} ${s.scope} ${s.origin.roleId ?? ''}`}
          columns={[
            { header: 'Client', cell: (s) => <Link to={`/clients/${s.clientId}`}>{s.clientName}</Link> },
            { header: 'Team', cell: (s) => s.teamSlug ?? 'Gatehouse' },
            { header: 'Scope', cell: (s) => <code>{s.scope}</code> },
            {
              header: 'Via',
              cell: (s) => (s.origin.type === 'role' ? `Role ${s.origin.role ?? ''}` : 'Direct'),
            },
            { header: 'Held since', className: 'nowrap', cell: (s) => formatDate(s.grantedAt) },
            {
              header: 'Last used',
              className: 'nowrap',
              cell: (s) =>
                s.lastUsedAt ? formatRelative(s.lastUsedAt) : <span className="muted">Never</span>,
            },
            {
              header: <span className="visually-hidden">Fix</span>,
              className: 'actions',
              cell: (s) => <Fix row={s} onChanged={onChanged} />,
            },
          ]}
        />
      )}
    </section>
  );
}
