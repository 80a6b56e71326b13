import { MIN_PASSWORD_LENGTH, type User } from '@gatehouse/schemas';
import { setPassword } from '../../api/accounts';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast-context';
import { useForm } from '../../lib/use-form';
import type { FieldErrors } from '../../lib/validation';

const validate = (v: { password: string }): FieldErrors =>
  v.password.length < MIN_PASSWORD_LENGTH
    ? { password: `must be at least ${MIN_PASSWORD_LENGTH} characters` }
    : {};

/** An admin gives a local account a new password; the account's sessions end. */
export function SetPasswordDialog({
  user,
  onClose,
  onDone,
}: {
  user: User;
  onClose: () => void;
  onDone: () => void;
}) {
  const notify = useToast();
  const form = useForm({ password: '' }, validate, async (v) => {
    await setPassword(user.id, v.password);
    notify(`${user.email} has a new password; their sessions have ended.`);
    onDone();
  });
  return (
    <FormDialog
      title={`New password for ${user.name}`}
      onClose={onClose}
      form={form}
      submitLabel="Set password"
      description="Every session of this account ends. Share the password safely."
    >
      <TextField
        form={form}
        name="password"
        label="New password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        check="blur"
        type="password"
        autoComplete="new-password"
        data-autofocus
      />
    </FormDialog>
  );
}
