import { MIN_PASSWORD_LENGTH } from '@gatehouse/schemas';
import { setup } from '../../api/auth';
import type { AuthConfig, Me } from '../../api/types';
import { Alert } from '../../components/Alert';
import { AuthCard } from '../../components/AuthCard';
import { TextField } from '../../components/TextField';
import { type PersonValues, validatePerson } from '../../lib/person';
import { useForm } from '../../lib/use-form';
import type { FieldErrors } from '../../lib/validation';
import { Link, navigate, useLocation } from '../../router';

interface SetupValues extends PersonValues {
  confirm: string;
}

function validate(v: SetupValues): FieldErrors {
  const errors = validatePerson(v);
  if (v.confirm !== v.password) errors.confirm = 'does not match the password';
  return errors;
}

function strength(password: string): string {
  if (password.length === 0)
    return `At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words work well.`;
  if (password.length < MIN_PASSWORD_LENGTH)
    return `${MIN_PASSWORD_LENGTH - password.length} more characters needed.`;
  return password.length >= 20 ? 'Strong length.' : 'Long enough.';
}

/** First run: the one-time link printed by the server creates the first platform admin. */
export function SetupPage({ config, onSignedIn }: { config: AuthConfig; onSignedIn: (me: Me) => void }) {
  const { search } = useLocation();
  const token = search.get('token') ?? '';
  const form = useForm<SetupValues>(
    { email: '', name: '', password: '', confirm: '' },
    validate,
    async (v) => {
      const me = await setup({ token, email: v.email.trim(), name: v.name.trim(), password: v.password });
      onSignedIn(me);
      navigate('/', { replace: true });
    },
  );
  const { values } = form;

  if (!config.setupRequired) {
    return (
      <AuthCard title="Set up Gatehouse">
        <Alert kind="info">Gatehouse is already set up.</Alert>
        <Link to="/login">Go to sign in</Link>
      </AuthCard>
    );
  }
  if (!token) {
    return (
      <AuthCard title="Set up Gatehouse">
        <Alert>This page needs the one-time setup link that the server printed when it first started.</Alert>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Set up Gatehouse">
      <p className="muted">Create the first administrator. You can add teams and people after this.</p>
      <form onSubmit={form.onSubmit} className="stack" noValidate>
        <TextField
          form={form}
          name="email"
          label="Email"
          check="both"
          type="email"
          autoComplete="username"
          autoFocus
        />
        <TextField form={form} name="name" label="Name" check="both" autoComplete="name" />
        <TextField
          form={form}
          name="password"
          label="Password"
          hint={strength(values.password)}
          check="blur"
          type="password"
          autoComplete="new-password"
        />
        <TextField
          form={form}
          name="confirm"
          label="Confirm password"
          check="blur"
          type="password"
          autoComplete="new-password"
        />
        {form.formError ? <Alert>{form.formError}</Alert> : null}
        <button type="submit" className="button button-primary button-block" disabled={form.submitting}>
          Create administrator
        </button>
      </form>
    </AuthCard>
  );
}
