import type { TeamLimits } from '@gatehouse/schemas';
import { getTeamLimits } from '../../api/limits';
import { LoadState } from '../../components/LoadState';
import { Table } from '../../components/Table';
import { formatRate, limitSummary } from '../../lib/rate-limit';
import { useLoad } from '../../lib/use-load';
import { Link } from '../../router';

type Row = TeamLimits['clients'][number];

function defaults(limits: TeamLimits): string {
  const { own } = limits;
  const parts: string[] = [];
  if (own.rate !== undefined) parts.push(formatRate(own.rate));
  if (own.burst !== undefined) parts.push(`burst ${own.burst}`);
  if (own.daily !== undefined) parts.push(`${own.daily.toLocaleString()}/day`);
  if (own.observe !== undefined) parts.push(own.observe ? 'observe' : 'enforce');
  return parts.length === 0 ? 'None: the platform default applies' : parts.join(' · ');
}

/** The team's clients, today's tokens against each one's limits. */
export function TeamLimitsSection({ teamId }: { teamId: string }) {
  const limits = useLoad(() => getTeamLimits(teamId), [teamId]);
  return (
    <section className="card" aria-labelledby="team-limits-heading">
      <h2 id="team-limits-heading">Usage and limits</h2>
      {limits.data ? (
        <>
          <p>
            Team default: <strong>{defaults(limits.data)}</strong>. Platform admins set team defaults; members
            can tighten a client's own limits on its page.
          </p>
          {limits.data.clients.length > 0 ? (
            <Table<Row>
              caption="Clients: today's tokens and limits"
              rows={limits.data.clients}
              rowKey={(row) => row.clientId}
              columns={[
                {
                  header: 'Client',
                  cell: (row) => <Link to={`/clients/${encodeURIComponent(row.clientId)}`}>{row.name}</Link>,
                },
                { header: 'Limit', cell: (row) => limitSummary(row.effective) },
                {
                  header: 'Tokens today (UTC)',
                  className: 'num',
                  cell: (row) =>
                    row.effective.daily === null
                      ? row.usage.issued.toLocaleString()
                      : `${row.usage.issued.toLocaleString()} of ${row.effective.daily.toLocaleString()}`,
                },
              ]}
            />
          ) : (
            <p className="muted">This team has no clients yet.</p>
          )}
        </>
      ) : (
        <LoadState loading={limits.loading} error={limits.error} onRetry={limits.reload} />
      )}
    </section>
  );
}
