import { type PoolUser, setPoolUserPasswordBodySchema } from '@gatehouse/schemas';
import { setPoolUserPassword } from '../../api/user-pools';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { useForm } from '../../lib/use-form';
import { issuesOf } from '../../lib/validation';

interface Values {
  password: string;
  temporary: boolean;
}

interface SetPasswordDialogProps {
  poolId: string;
  user: PoolUser;
  onClose: () => void;
  onDone: (user: PoolUser) => void;
}

export function SetPasswordDialog({ poolId, user, onClose, onDone }: SetPasswordDialogProps) {
  const form = useForm<Values>(
    { password: '', temporary: true },
    (v) => issuesOf(setPoolUserPasswordBodySchema.safeParse(v)),
    async (v) => onDone(await setPoolUserPassword(poolId, user.username, v)),
  );
  const { values, set } = form;
  return (
    <FormDialog
      title={`Set a password for ${user.username}`}
      onClose={onClose}
      form={form}
      submitLabel="Set password"
    >
      <TextField
        form={form}
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        check="blur"
        data-autofocus
      />
      <label className="check">
        <input
          type="checkbox"
          checked={values.temporary}
          onChange={(e) => set('temporary', e.target.checked)}
        />
        <span>Temporary: they choose a new one at their next sign-in</span>
      </label>
    </FormDialog>
  );
}
