import { EMAIL_PATTERN, MIN_PASSWORD_LENGTH } from '@gatehouse/schemas';
import { createUser } from '../../api/teams';
import { Dialog } from '../../components/Dialog';
import { FormActions } from '../../components/FormActions';
import { Field } from '../../components/Field';
import { useToast } from '../../components/toast-context';
import { useForm } from '../../lib/use-form';
import type { FieldErrors } from '../../lib/validation';

interface Values {
  email: string;
  name: string;
  password: string;
  isAdmin: boolean;
}

function validate(v: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (!EMAIL_PATTERN.test(v.email.trim())) errors.email = 'must be an email address';
  if (!v.name.trim()) errors.name = 'is required';
  if (v.password.length < MIN_PASSWORD_LENGTH)
    errors.password = `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  return errors;
}

export function NewUserDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const notify = useToast();
  const form = useForm<Values>({ email: '', name: '', password: '', isAdmin: false }, validate, async (v) => {
    const user = await createUser({
      email: v.email.trim(),
      name: v.name.trim(),
      password: v.password,
      isAdmin: v.isAdmin,
    });
    notify(`${user.name} can now sign in.`);
    onCreated();
  });
  const { values, set, error } = form;

  return (
    <Dialog title="New user" onClose={onClose}>
      <form onSubmit={form.onSubmit} noValidate className="stack">
        <Field label="Email" error={error('email')}>
          {(c) => (
            <input
              {...c}
              data-autofocus
              type="email"
              autoComplete="off"
              value={values.email}
              onChange={(e) => set('email', e.target.value, false)}
              onBlur={() => form.touch('email')}
            />
          )}
        </Field>
        <Field label="Name" error={error('name')}>
          {(c) => (
            <input
              {...c}
              autoComplete="off"
              value={values.name}
              onChange={(e) => set('name', e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Initial password"
          error={error('password')}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. Share it safely; they can use it to sign in right away.`}
        >
          {(c) => (
            <input
              {...c}
              type="password"
              autoComplete="new-password"
              value={values.password}
              onChange={(e) => set('password', e.target.value, false)}
              onBlur={() => form.touch('password')}
            />
          )}
        </Field>
        <label className="check">
          <input
            type="checkbox"
            checked={values.isAdmin}
            onChange={(e) => set('isAdmin', e.target.checked)}
          />
          <span>Platform admin (manages every team, user and API)</span>
        </label>
        <FormActions
          error={form.formError}
          submitting={form.submitting}
          submitLabel="Create user"
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
