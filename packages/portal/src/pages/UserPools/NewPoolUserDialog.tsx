import { createPoolUserSchema, type PoolUser, poolSignUpSchema } from '@gatehouse/schemas';
import { createPoolUser, signUpPoolUser } from '../../api/user-pools';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { useForm } from '../../lib/use-form';
import { issuesOf } from '../../lib/validation';

interface Values {
  mode: 'sign-up' | 'create';
  username: string;
  email: string;
  password: string;
  temporaryPassword: boolean;
}

function toBody(v: Values) {
  const common = { username: v.username.trim(), email: v.email.trim() || undefined };
  if (v.mode === 'sign-up') {
    const body = { ...common, password: v.password };
    return { mode: v.mode, body, errors: issuesOf(poolSignUpSchema.safeParse(body)) };
  }
  const body = {
    ...common,
    password: v.password || undefined,
    temporaryPassword: v.password ? v.temporaryPassword : false,
  };
  return { mode: v.mode, body, errors: issuesOf(createPoolUserSchema.safeParse(body)) };
}

interface NewPoolUserDialogProps {
  poolId: string;
  onClose: () => void;
  /** `codeSent` is undefined for a user an admin created, who has no code to confirm. */
  onCreated: (user: PoolUser, codeSent?: boolean) => void;
}

export function NewPoolUserDialog({ poolId, onClose, onCreated }: NewPoolUserDialogProps) {
  const form = useForm<Values>(
    { mode: 'sign-up', username: '', email: '', password: '', temporaryPassword: true },
    (v) => toBody(v).errors,
    async (v) => {
      const { mode, body } = toBody(v);
      if (mode === 'sign-up') {
        const { user, codeSent } = await signUpPoolUser(poolId, { ...body, password: v.password });
        onCreated(user, codeSent);
      } else {
        onCreated(await createPoolUser(poolId, body));
      }
    },
  );
  const { values, set } = form;
  const signUp = values.mode === 'sign-up';
  return (
    <FormDialog title="New user" onClose={onClose} form={form} submitLabel="Create user">
      <fieldset className="stack">
        <legend>How they start</legend>
        <label className="check">
          <input type="radio" name="mode" checked={signUp} onChange={() => set('mode', 'sign-up')} />
          <span>Signed up: UNCONFIRMED until they enter the code emailed to them (or you confirm them)</span>
        </label>
        <label className="check">
          <input type="radio" name="mode" checked={!signUp} onChange={() => set('mode', 'create')} />
          <span>Created by you: ready to sign in with the password you set</span>
        </label>
      </fieldset>
      <TextField
        form={form}
        name="username"
        label="Username"
        autoComplete="off"
        spellCheck={false}
        data-autofocus
      />
      <TextField form={form} name="email" label="Email" type="email" autoComplete="off" />
      <TextField
        form={form}
        name="password"
        label="Password"
        hint={
          signUp
            ? 'Theirs to sign in with once confirmed.'
            : 'Optional: without one, they cannot sign in until a password is set.'
        }
        type="password"
        autoComplete="new-password"
        check="blur"
      />
      {signUp ? null : (
        <label className="check">
          <input
            type="checkbox"
            checked={values.temporaryPassword}
            onChange={(e) => set('temporaryPassword', e.target.checked)}
          />
          <span>Temporary: they choose a new password when they first sign in</span>
        </label>
      )}
    </FormDialog>
  );
}
