import { addPermissions } from '../../api/clients';
import { getCatalogue } from '../../api/resource-servers';
import type { CatalogueEntry, Client } from '../../api/types';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { LoadState } from '../../components/LoadState';
import { useToast } from '../../components/toast-context';
import { daysToSeconds } from '../../lib/expiry';
import { plural } from '../../lib/format';
import { mayPermit, useSession } from '../../lib/session';
import { useForm } from '../../lib/use-form';
import { useLoad } from '../../lib/use-load';
import type { FieldErrors } from '../../lib/validation';
import { ScopePicker } from './ScopePicker';

interface AddScopesDialogProps {
  client: Client;
  onClose: () => void;
  onAdded: (client: Client) => void;
}

interface Values {
  scopes: string[];
  days: string;
}

function validate(v: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (v.scopes.length === 0) errors.scopes = 'tick at least one scope';
  const expiry = daysToSeconds(v.days);
  if (expiry.error) errors.expiresIn = expiry.error;
  return errors;
}

/** Gives the client permissions on its own team's APIs directly; other teams' need an access request. */
export function AddScopesDialog({ client, onClose, onAdded }: AddScopesDialogProps) {
  const { me } = useSession();
  const notify = useToast();
  const catalogue = useLoad(() => getCatalogue(), []);
  const form = useForm<Values>({ scopes: [], days: '' }, validate, async (v) => {
    const updated = await addPermissions(client.clientId, v.scopes, daysToSeconds(v.days).seconds);
    notify(`${plural(v.scopes.length, 'scope')} added.`);
    onAdded(updated);
  });
  const held = new Set(client.scopes);
  // Scopes the client already holds are left out: there is nothing to add.
  const entries: CatalogueEntry[] = (catalogue.data ?? []).map((entry) => ({
    ...entry,
    scopes: entry.scopes.filter((s) => !held.has(`${entry.identifier}/${s.name}`)),
  }));

  return (
    <FormDialog title="Add scopes" onClose={onClose} wide form={form} submitLabel="Add scopes">
      {catalogue.data ? (
        <ScopePicker
          catalogue={entries}
          selected={form.values.scopes}
          onChange={(scopes) => form.set('scopes', scopes)}
          canPermit={(entry) => mayPermit(me, entry, client.teamId)}
          error={form.error('scopes')}
        />
      ) : (
        <LoadState loading={catalogue.loading} error={catalogue.error} onRetry={catalogue.reload} />
      )}
      <TextField
        form={form}
        name="days"
        errorKey="expiresIn"
        label="Expires in (days)"
        hint="Optional. Empty never expires."
        inputMode="numeric"
      />
    </FormDialog>
  );
}
