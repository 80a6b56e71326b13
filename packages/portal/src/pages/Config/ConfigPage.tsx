import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../lib/session';
import { useTeams } from '../../lib/use-teams';
import { useLocation } from '../../router';
import { ExportSection } from './ExportSection';
import { PlanSection } from './PlanSection';
import { EDITOR_ID } from './YamlEditor';

/**
 * Configuration as code in the browser: the registry exported as gatehouse.yaml, and a file
 * planned and applied, as `gatehouse export|plan|apply` do.
 */
export function ConfigPage() {
  const { me } = useSession();
  const { owners } = useTeams();
  const teams = me.user.isAdmin ? owners : me.teams;
  // Only platform admins may run over every team: entries without a team would belong to none.
  const [team, setTeam] = useState(
    useLocation().search.get('team') ?? (me.user.isAdmin ? '' : (me.teams[0]?.id ?? '')),
  );
  const [text, setText] = useState('');
  // Each apply starts the export afresh, so no export from before it stays on screen.
  const [applies, setApplies] = useState(0);

  function edit(yaml: string) {
    if (text.trim() && text !== yaml && !window.confirm('Replace the file in the editor with this export?')) {
      return;
    }
    setText(yaml);
    // After React has put the text in: the person goes on editing there.
    window.setTimeout(() => document.getElementById(EDITOR_ID)?.focus(), 0);
  }

  return (
    <>
      <PageHeader title="Configuration">
        <p className="muted">
          Keep resource servers, roles and clients in a file under version control. Export the registry,
          change the file, review the plan, and apply it in one transaction, as with{' '}
          <code>gatehouse plan</code> and <code>gatehouse apply</code>.
        </p>
      </PageHeader>
      <div className="filters" role="group" aria-label="Configuration settings">
        <div className="field">
          <label htmlFor="config-team">Team</label>
          <select
            id="config-team"
            value={team}
            aria-describedby="config-team-hint"
            onChange={(e) => setTeam(e.target.value)}
          >
            {me.user.isAdmin ? <option value="">All teams</option> : null}
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <p className="field-hint config-team-hint" id="config-team-hint">
          {team
            ? 'Only this team’s entries are exported, compared and pruned; entries without a team join it.'
            : 'Every team’s entries; an entry without a team belongs to no team.'}
        </p>
      </div>
      <div className="sections">
        <ExportSection key={applies} team={team} onEdit={edit} />
        <PlanSection
          team={team}
          text={text}
          onTextChange={setText}
          onApplied={() => setApplies((n) => n + 1)}
        />
      </div>
    </>
  );
}
