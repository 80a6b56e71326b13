import type { Role } from '@gatehouse/schemas';
import { createRole } from '../../api/roles';
import { getCatalogue } from '../../api/resource-servers';
import { FormDialog } from '../../components/FormDialog';
import { LoadState } from '../../components/LoadState';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast-context';
import { mayPermit, useSession } from '../../lib/session';
import { useForm } from '../../lib/use-form';
import { useLoad } from '../../lib/use-load';
import type { TeamChoice } from '../../lib/use-teams';
import type { FieldErrors } from '../../lib/validation';
import { ScopePicker } from '../Clients/ScopePicker';
import { TeamSelect } from '../Teams/TeamSelect';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

interface Values {
  teamId: string;
  name: string;
  description: string;
  scopes: string[];
}

function validate(v: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (!v.teamId) errors.teamId = 'choose the team that will own it';
  if (!v.name.trim()) errors.name = 'is required';
  else if (!NAME.test(v.name.trim()))
    errors.name = 'letters, digits, ".", "_", ":" and "-", starting with a letter or digit';
  else if (v.name.startsWith('role_')) errors.name = 'must not start with "role_"';
  if (v.description.length > 1000) errors.description = 'must be at most 1000 characters';
  return errors;
}

interface NewRoleDialogProps {
  teams: TeamChoice[];
  onClose: () => void;
  onCreated: (role: Role) => void;
}

export function NewRoleDialog({ teams, onClose, onCreated }: NewRoleDialogProps) {
  const { me } = useSession();
  const notify = useToast();
  const catalogue = useLoad(() => getCatalogue(), []);
  const form = useForm<Values>(
    { teamId: teams.length === 1 ? (teams[0]?.id ?? '') : '', name: '', description: '', scopes: [] },
    validate,
    async (v) => {
      const role = await createRole({
        teamId: v.teamId,
        name: v.name.trim(),
        description: v.description,
        scopes: v.scopes,
      });
      notify(`Role “${role.name}” created.`);
      onCreated(role);
    },
  );
  const { values, set, error } = form;

  return (
    <FormDialog title="New role" onClose={onClose} wide form={form} submitLabel="Create role">
      <TeamSelect
        teams={teams}
        value={values.teamId}
        onChange={(id) => set('teamId', id)}
        error={error('teamId')}
      />
      <TextField
        form={form}
        name="name"
        label="Name"
        hint="Unique within the team, e.g. “order-reader”; used on the command line and in configuration files."
        data-autofocus
      />
      <TextField form={form} name="description" label="Description" rows={2} />
      {catalogue.data ? (
        <ScopePicker
          catalogue={catalogue.data}
          selected={values.scopes}
          onChange={(scopes) => set('scopes', scopes)}
          canPermit={(entry) => mayPermit(me, entry, values.teamId)}
          lockedHint="Owned by another team: once its owners approve an access request, add it with gatehouse roles add-scope."
          error={error('scopes')}
        />
      ) : (
        <LoadState loading={catalogue.loading} error={catalogue.error} onRetry={catalogue.reload} />
      )}
    </FormDialog>
  );
}
