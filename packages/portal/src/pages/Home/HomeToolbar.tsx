import { SearchField } from '../../components/SearchField';
import type { MyTeam } from '../../api/types';

interface HomeToolbarProps {
  teams: MyTeam[];
  team: string;
  onTeam: (id: string) => void;
  q: string;
  onQ: (q: string) => void;
}

export function HomeToolbar({ teams, team, onTeam, q, onQ }: HomeToolbarProps) {
  return (
    <div className="toolbar" role="search">
      <SearchField
        id="home-search"
        label="Search APIs and clients"
        placeholder="Name, identifier or client ID"
        value={q}
        onChange={onQ}
      />
      {teams.length > 1 ? (
        <div className="toolbar-field">
          <label htmlFor="home-team">Show team</label>
          <select id="home-team" value={team} onChange={(e) => onTeam(e.target.value)}>
            <option value="">All my teams</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </div>
  );
}
