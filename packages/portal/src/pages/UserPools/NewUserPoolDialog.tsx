import { createUserPoolSchema } from '@gatehouse/schemas';
import { createUserPool } from '../../api/user-pools';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { useForm } from '../../lib/use-form';
import type { TeamChoice } from '../../lib/use-teams';
import { type FieldErrors, issuesOf, parseNumber } from '../../lib/validation';
import { navigate } from '../../router';
import { TeamSelect } from '../Teams/TeamSelect';
import { SignUpChecks } from './SignUpChecks';

interface Values {
  teamId: string;
  name: string;
  selfSignUp: boolean;
  autoConfirm: boolean;
  minLength: string;
}

function toBody(v: Values) {
  const minLength = parseNumber(v.minLength);
  const body = {
    teamId: v.teamId,
    name: v.name.trim(),
    selfSignUp: v.selfSignUp,
    autoConfirm: v.autoConfirm,
    ...(minLength === undefined || Number.isNaN(minLength) ? {} : { passwordPolicy: { minLength } }),
  };
  const errors: FieldErrors = issuesOf(createUserPoolSchema.safeParse(body));
  if (minLength !== undefined && Number.isNaN(minLength))
    errors['passwordPolicy.minLength'] = 'must be a number';
  if (!v.teamId) errors.teamId = 'choose the team that will own it';
  return { body, errors };
}

export function NewUserPoolDialog({ teams, onClose }: { teams: TeamChoice[]; onClose: () => void }) {
  const form = useForm<Values>(
    {
      teamId: teams.length === 1 ? (teams[0]?.id ?? '') : '',
      name: '',
      selfSignUp: false,
      autoConfirm: false,
      minLength: '',
    },
    (v) => toBody(v).errors,
    async (v) => {
      const pool = await createUserPool(toBody(v).body);
      navigate(`/user-pools/${encodeURIComponent(pool.id)}`);
    },
  );
  const { values, set, error } = form;
  return (
    <FormDialog title="New user pool" onClose={onClose} form={form} submitLabel="Create user pool">
      <TeamSelect
        teams={teams}
        value={values.teamId}
        onChange={(t) => set('teamId', t)}
        error={error('teamId')}
      />
      <TextField
        form={form}
        name="name"
        label="Name"
        hint="e.g. “LJ Health Food customers”."
        data-autofocus
      />
      <SignUpChecks
        selfSignUp={values.selfSignUp}
        autoConfirm={values.autoConfirm}
        onChange={(name, checked) => set(name, checked)}
      />
      <TextField
        form={form}
        name="minLength"
        errorKey="passwordPolicy.minLength"
        label="Minimum password length"
        hint="6 to 256; empty keeps the default, 12."
        inputMode="numeric"
      />
    </FormDialog>
  );
}
