import { updateTeamSchema } from '@gatehouse/schemas';
import { updateTeam } from '../../api/teams';
import type { Team } from '../../api/types';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast-context';
import { useForm } from '../../lib/use-form';
import { issuesOf } from '../../lib/validation';

interface Values {
  name: string;
  description: string;
}

/** A team's display name and description; the slug stays, since scripts and SSO mappings use it. */
export function RenameTeamDialog({
  team,
  onClose,
  onRenamed,
}: {
  team: Pick<Team, 'id' | 'slug' | 'name' | 'description'>;
  onClose: () => void;
  onRenamed: () => void;
}) {
  const notify = useToast();
  const form = useForm<Values>(
    { name: team.name, description: team.description },
    (v) => issuesOf(updateTeamSchema.safeParse(v)),
    async (v) => {
      const renamed = await updateTeam(team.id, { name: v.name.trim(), description: v.description });
      notify(`Team renamed to “${renamed.name}”.`);
      onRenamed();
    },
  );
  return (
    <FormDialog
      title="Rename team"
      onClose={onClose}
      form={form}
      submitLabel="Save"
      description={
        <>
          The slug <code>{team.slug}</code> stays: the command line and single sign-on name the team by it.
        </>
      }
    >
      <TextField form={form} name="name" label="Name" data-autofocus />
      <TextField form={form} name="description" label="Description" rows={2} />
    </FormDialog>
  );
}
