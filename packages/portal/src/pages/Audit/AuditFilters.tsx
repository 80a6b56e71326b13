import { type FormEvent, useState } from 'react';
import type { AuditFilter } from '../../api/audit';
import { useSession } from '../../lib/session';

const TARGET_TYPES: [string, string][] = [
  ['resource_server', 'API'],
  ['client', 'Client'],
  ['access_request', 'Access request'],
  ['team', 'Team'],
  ['user', 'User'],
];
/** Keys belong to no team: only platform admins read their rotation, pre-publication and retirement. */
const ADMIN_TARGET_TYPES: [string, string][] = [['signing_key', 'Signing key']];

/** Dates are whole local days: "until" includes the whole of its day. */
function dayStart(date: string): string | undefined {
  return date ? new Date(`${date}T00:00:00`).toISOString() : undefined;
}
function dayEnd(date: string): string | undefined {
  return date ? new Date(`${date}T23:59:59.999`).toISOString() : undefined;
}

export function AuditFilters({ onApply }: { onApply: (filter: AuditFilter) => void }) {
  const { me } = useSession();
  const [team, setTeam] = useState('');
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [targetType, setTargetType] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply({
      actor: actor.trim() || undefined,
      action: action.trim() || undefined,
      targetType: targetType || undefined,
      team: team || undefined,
      since: dayStart(since),
      until: dayEnd(until),
    });
  }

  function clear() {
    setActor('');
    setAction('');
    setTargetType('');
    setTeam('');
    setSince('');
    setUntil('');
    onApply({});
  }

  return (
    <form className="filters" onSubmit={apply} aria-label="Filter the audit log">
      <div className="field">
        <label htmlFor="audit-actor">Actor</label>
        <input
          id="audit-actor"
          value={actor}
          onChange={(e) => setActor(e.target.value)}
          placeholder="Name or id"
        />
      </div>
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <input
          id="audit-action"
          value={action}
          onChange={(e) => setAction(e.target.value)}
          placeholder="e.g. client.create"
          spellCheck={false}
        />
      </div>
      <div className="field">
        <label htmlFor="audit-target-type">Target type</label>
        <select id="audit-target-type" value={targetType} onChange={(e) => setTargetType(e.target.value)}>
          <option value="">Any</option>
          {[...TARGET_TYPES, ...(me.user.isAdmin ? ADMIN_TARGET_TYPES : [])].map(([type, label]) => (
            <option key={type} value={type}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {me.teams.length > 1 || me.user.isAdmin ? (
        <div className="field">
          <label htmlFor="audit-team">Team</label>
          <select id="audit-team" value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">{me.user.isAdmin ? 'Every team' : 'All my teams'}</option>
            {me.teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="audit-since">Since</label>
        <input id="audit-since" type="date" value={since} onChange={(e) => setSince(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="audit-until">Until</label>
        <input id="audit-until" type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
      </div>
      <div className="filters-actions">
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
        <button type="button" className="button button-ghost" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}
