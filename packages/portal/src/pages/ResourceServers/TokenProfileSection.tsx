import type { TokenProfile } from '@gatehouse/schemas';
import { type FormEvent, useState } from 'react';
import { updateResourceServer } from '../../api/resource-servers';
import { errorMessage } from '../../api/error';
import type { ResourceServer } from '../../api/types';
import { useToast } from '../../components/toast-context';
import { TokenProfileSelect } from './TokenProfileSelect';

interface TokenProfileSectionProps {
  server: ResourceServer;
  onChanged: (server: ResourceServer) => void;
}

/** Changes the token profile of an API; tokens issued from the next request on follow it. */
export function TokenProfileSection({ server, onChanged }: TokenProfileSectionProps) {
  const notify = useToast();
  const [profile, setProfile] = useState<TokenProfile>(server.tokenProfile);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const updated = await updateResourceServer(server.id, { tokenProfile: profile });
      notify(`Tokens for “${updated.name}” now use the ${updated.tokenProfile} profile.`);
      onChanged(updated);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="form-row" onSubmit={save} aria-label="Token profile">
      <TokenProfileSelect value={profile} onChange={setProfile} error={error} disabled={saving} />
      <button type="submit" className="button" disabled={saving || profile === server.tokenProfile}>
        Save profile
      </button>
    </form>
  );
}
