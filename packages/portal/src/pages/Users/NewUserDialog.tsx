import { MIN_PASSWORD_LENGTH } from '@gatehouse/schemas';
import { createUser } from '../../api/teams';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast-context';
import { useForm } from '../../lib/use-form';
import { type PersonValues, validatePerson } from '../../lib/person';

interface Values extends PersonValues {
  isAdmin: boolean;
}

export function NewUserDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const notify = useToast();
  const form = useForm<Values>(
    { email: '', name: '', password: '', isAdmin: false },
    validatePerson,
    async (v) => {
      const user = await createUser({
        email: v.email.trim(),
        name: v.name.trim(),
        password: v.password,
        isAdmin: v.isAdmin,
      });
      notify(`${user.name} can now sign in.`);
      onCreated();
    },
  );
  const { values, set } = form;

  return (
    <FormDialog title="New user" onClose={onClose} form={form} submitLabel="Create user">
      <TextField
        form={form}
        name="email"
        label="Email"
        check="blur"
        data-autofocus
        type="email"
        autoComplete="off"
      />
      <TextField form={form} name="name" label="Name" autoComplete="off" />
      <TextField
        form={form}
        name="password"
        label="Initial password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. Share it safely; they can use it to sign in right away.`}
        check="blur"
        type="password"
        autoComplete="new-password"
      />
      <label className="check">
        <input type="checkbox" checked={values.isAdmin} onChange={(e) => set('isAdmin', e.target.checked)} />
        <span>Platform admin (manages every team, user and API)</span>
      </label>
    </FormDialog>
  );
}
