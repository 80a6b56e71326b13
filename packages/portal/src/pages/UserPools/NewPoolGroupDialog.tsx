import { createPoolGroupSchema, type PoolGroup } from '@gatehouse/schemas';
import { createPoolGroup } from '../../api/user-pools';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { useForm } from '../../lib/use-form';
import { type FieldErrors, issuesOf, parseNumber } from '../../lib/validation';

interface Values {
  name: string;
  description: string;
  precedence: string;
}

function toBody(v: Values) {
  const precedence = parseNumber(v.precedence);
  const body = {
    name: v.name.trim(),
    description: v.description,
    ...(precedence === undefined || Number.isNaN(precedence) ? {} : { precedence }),
  };
  const errors: FieldErrors = issuesOf(createPoolGroupSchema.safeParse(body));
  if (precedence !== undefined && Number.isNaN(precedence)) errors.precedence = 'must be a whole number';
  return { body, errors };
}

interface NewPoolGroupDialogProps {
  poolId: string;
  onClose: () => void;
  onCreated: (group: PoolGroup) => void;
}

export function NewPoolGroupDialog({ poolId, onClose, onCreated }: NewPoolGroupDialogProps) {
  const form = useForm<Values>(
    { name: '', description: '', precedence: '' },
    (v) => toBody(v).errors,
    async (v) => onCreated(await createPoolGroup(poolId, toBody(v).body)),
  );
  return (
    <FormDialog title="New group" onClose={onClose} form={form} submitLabel="Create group">
      <TextField
        form={form}
        name="name"
        label="Name"
        hint="No spaces; it reaches tokens as cognito:groups."
        data-autofocus
      />
      <TextField form={form} name="description" label="Description" rows={2} />
      <TextField
        form={form}
        name="precedence"
        label="Precedence"
        hint="Optional; lower wins when a user is in several groups."
        inputMode="numeric"
      />
    </FormDialog>
  );
}
