import type { Role } from '@gatehouse/schemas';
import { getCatalogue } from '../../api/resource-servers';
import { addRoleScopes } from '../../api/roles';
import type { CatalogueEntry } from '../../api/types';
import { FormDialog } from '../../components/FormDialog';
import { LoadState } from '../../components/LoadState';
import { useToast } from '../../components/toast-context';
import { plural } from '../../lib/format';
import { mayPermit, useSession } from '../../lib/session';
import { useForm } from '../../lib/use-form';
import { useLoad } from '../../lib/use-load';
import type { FieldErrors } from '../../lib/validation';
import { ScopePicker } from '../Clients/ScopePicker';

const validate = (v: { scopes: string[] }): FieldErrors =>
  v.scopes.length === 0 ? { scopes: 'tick at least one scope' } : {};

/** Adds scopes to a role; its holders may request them within a second. */
export function RoleScopesDialog(props: { role: Role; onClose: () => void; onAdded: (role: Role) => void }) {
  const { role, onClose, onAdded } = props;
  const { me } = useSession();
  const notify = useToast();
  const catalogue = useLoad(() => getCatalogue(), []);
  const form = useForm({ scopes: [] as string[] }, validate, async (v) => {
    const updated = await addRoleScopes(role.id, v.scopes);
    notify(`${plural(v.scopes.length, 'scope')} added to ${role.name}.`);
    onAdded(updated);
  });
  const held = new Set(role.scopes);
  const entries: CatalogueEntry[] = (catalogue.data ?? []).map((entry) => ({
    ...entry,
    scopes: entry.scopes.filter((s) => !held.has(`${entry.identifier}/${s.name}`)),
  }));

  return (
    <FormDialog
      title={`Add scopes to ${role.name}`}
      onClose={onClose}
      wide
      form={form}
      submitLabel="Add scopes"
    >
      {catalogue.data ? (
        <ScopePicker
          catalogue={entries}
          selected={form.values.scopes}
          onChange={(scopes) => form.set('scopes', scopes)}
          canPermit={(entry) => mayPermit(me, entry, role.teamId)}
          lockedHint="Owned by another team: once its owners approve an access request, add it with gatehouse roles add-scope."
          error={form.error('scopes')}
        />
      ) : (
        <LoadState loading={catalogue.loading} error={catalogue.error} onRetry={catalogue.reload} />
      )}
    </FormDialog>
  );
}
