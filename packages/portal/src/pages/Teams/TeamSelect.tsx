import { Field } from '../../components/Field';
import type { TeamChoice } from '../../lib/use-teams';

interface TeamSelectProps {
  teams: TeamChoice[];
  value: string;
  onChange: (teamId: string) => void;
  error?: string | undefined;
  label?: string;
}

/** "Owning team" of a new API or client. */
export function TeamSelect({ teams, value, onChange, error, label = 'Team' }: TeamSelectProps) {
  return (
    <Field
      label={label}
      error={error}
      hint={teams.length === 0 ? 'Create a team first, on the Teams page.' : undefined}
    >
      {(c) => (
        <select {...c} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose a team…</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
