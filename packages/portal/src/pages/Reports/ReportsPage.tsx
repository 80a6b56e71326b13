import { type FormEvent, useState } from 'react';
import { getSecretsReport, getStaleClients, getUnusedScopes } from '../../api/reports';
import type { IssuedSecret } from '../../api/types';
import { CopyButton } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { Tabs } from '../../components/Tabs';
import { secretHint } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useLeaveGuard } from '../../lib/use-leave-guard';
import { useLoad } from '../../lib/use-load';
import { useLocation } from '../../router';
import { useTeams } from '../../lib/use-teams';
import { SecretsTables } from './SecretsTables';
import { StaleClientsTable } from './StaleClientsTable';
import { UnusedScopesTable } from './UnusedScopesTable';

type Tab = 'stale' | 'unused' | 'secrets';

const TABS: { id: Tab; label: string }[] = [
  { id: 'stale', label: 'Stale clients' },
  { id: 'unused', label: 'Unused scopes' },
  { id: 'secrets', label: 'Secrets' },
];

/** Access granted but not used, and secrets past their prime, for the person's own teams' clients. */
export function ReportsPage() {
  const { me } = useSession();
  const { owners } = useTeams();
  const [tab, setTab] = useState<Tab>('stale');
  // A team page links here with ?team=: its own clients first.
  const [team, setTeam] = useState(useLocation().search.get('team') ?? '');
  const [days, setDays] = useState(90);
  const [daysText, setDaysText] = useState('90');
  const [fresh, setFresh] = useState<{ clientName: string; secret: IssuedSecret } | null>(null);
  const filter = { days, ...(team ? { team } : {}) };
  const load = useLoad(
    () =>
      Promise.all([
        getStaleClients(filter),
        getUnusedScopes(filter),
        getSecretsReport(team || undefined),
      ]).then(([stale, unused, secrets]) => ({ stale, unused, secrets })),
    [team, days],
  );

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const n = Number(daysText);
    if (Number.isInteger(n) && n >= 1 && n <= 3650) setDays(n);
  }

  const teams = me.user.isAdmin ? owners : me.teams;
  return (
    <>
      <PageHeader title="Reports">
        <p className="muted">
          Clients nobody uses, scopes nobody asks for, and secrets to rotate, for{' '}
          {me.user.isAdmin ? 'every team' : 'your teams'}. Usage is saved about every 30 seconds.
        </p>
      </PageHeader>
      <form className="filters" onSubmit={apply} aria-label="Report settings">
        <div className="field">
          <label htmlFor="report-team">Team</label>
          <select id="report-team" value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">{me.user.isAdmin ? 'All teams' : 'All my teams'}</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-days">Unused for (days)</label>
          <input
            id="report-days"
            inputMode="numeric"
            value={daysText}
            onChange={(e) => setDaysText(e.target.value)}
          />
        </div>
        <button type="submit" className="button">
          Apply
        </button>
      </form>
      {load.data ? (
        <Tabs label="Reports" tabs={TABS} current={tab} onChange={setTab}>
          {tab === 'stale' ? <StaleClientsTable report={load.data.stale} onChanged={load.reload} /> : null}
          {tab === 'unused' ? <UnusedScopesTable report={load.data.unused} onChanged={load.reload} /> : null}
          {tab === 'secrets' ? (
            <SecretsTables
              report={load.data.secrets}
              onChanged={load.reload}
              onRotated={(clientName, secret) => setFresh({ clientName, secret })}
            />
          ) : null}
        </Tabs>
      ) : (
        <LoadState loading={load.loading} error={load.error} onRetry={load.reload} />
      )}
      {fresh ? <NewSecretDialog {...fresh} onClose={() => setFresh(null)} /> : null}
    </>
  );
}

function NewSecretDialog(props: { clientName: string; secret: IssuedSecret; onClose: () => void }) {
  const { clientName, secret, onClose } = props;
  useLeaveGuard(true, 'The new secret is shown only now and will not be shown again. Leave anyway?');
  return (
    <Dialog title={`New secret for ${clientName}`} onClose={onClose}>
      <p>Copy it now: it is shown only this once. Then move callers over and revoke the old secret.</p>
      <p>
        <code data-testid="new-secret">{secret.secret}</code>{' '}
        <CopyButton text={secret.secret} label={`Copy secret ${secretHint(secret.hint)}`} />
      </p>
      <button type="button" className="button" onClick={onClose}>
        Done
      </button>
    </Dialog>
  );
}
