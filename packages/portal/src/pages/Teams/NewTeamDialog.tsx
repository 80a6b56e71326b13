import { createTeam } from '../../api/teams';
import type { Team } from '../../api/types';
import { FormDialog } from '../../components/FormDialog';
import { Field } from '../../components/Field';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast-context';
import { useForm } from '../../lib/use-form';
import type { FieldErrors } from '../../lib/validation';

const SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/;

interface Values {
  slug: string;
  name: string;
  description: string;
  /** Whether the slug still follows the name, until the person edits it. */
  slugEdited: boolean;
}

function validate(v: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (!SLUG.test(v.slug))
    errors.slug = '2 to 40 lowercase letters, digits and "-", starting with a letter or digit';
  if (!v.name.trim()) errors.name = 'is required';
  else if (v.name.length > 100) errors.name = 'must be at most 100 characters';
  if (v.description.length > 1000) errors.description = 'must be at most 1000 characters';
  return errors;
}

const slugify = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

export function NewTeamDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (team: Team) => void;
}) {
  const notify = useToast();
  const form = useForm<Values>(
    { slug: '', name: '', description: '', slugEdited: false },
    validate,
    async (v) => {
      const team = await createTeam({
        slug: v.slug,
        name: v.name.trim(),
        description: v.description || undefined,
      });
      notify(`Team “${team.name}” created. You are its owner.`);
      onCreated(team);
    },
  );
  const { values, set, error } = form;

  return (
    <FormDialog title="New team" onClose={onClose} form={form} submitLabel="Create team">
      <Field label="Name" error={error('name')}>
        {(c) => (
          <input
            {...c}
            data-autofocus
            value={values.name}
            onChange={(e) => {
              set('name', e.target.value);
              if (!values.slugEdited) set('slug', slugify(e.target.value), false);
            }}
          />
        )}
      </Field>
      <Field label="Slug" error={error('slug')} hint="Short and unique, used in URLs and the command line.">
        {(c) => (
          <input
            {...c}
            spellCheck={false}
            autoCapitalize="off"
            value={values.slug}
            onChange={(e) => {
              set('slug', e.target.value);
              set('slugEdited', true, false);
            }}
          />
        )}
      </Field>
      <TextField form={form} name="description" label="Description" rows={2} />
    </FormDialog>
  );
}
