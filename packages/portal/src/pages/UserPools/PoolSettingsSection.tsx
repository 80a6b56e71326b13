import { type UserPool, updateUserPoolSchema } from '@gatehouse/schemas';
import { updateUserPool } from '../../api/user-pools';
import { Field } from '../../components/Field';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast-context';
import { useForm } from '../../lib/use-form';
import { type FieldErrors, issuesOf, parseNumber } from '../../lib/validation';
import { BrandingPreview } from './BrandingPreview';
import { SignUpChecks } from './SignUpChecks';

interface Values {
  name: string;
  displayName: string;
  logoUrl: string;
  primaryColor: string;
  selfSignUp: boolean;
  autoConfirm: boolean;
  signInWith: 'username' | 'email';
  minLength: string;
  accessTokenSeconds: string;
  refreshTokenSeconds: string;
}

const valuesOf = (pool: UserPool): Values => ({
  name: pool.name,
  displayName: pool.settings.branding.displayName ?? '',
  logoUrl: pool.settings.branding.logoUrl ?? '',
  primaryColor: pool.settings.branding.primaryColor ?? '',
  selfSignUp: pool.settings.selfSignUp,
  autoConfirm: pool.settings.autoConfirm,
  signInWith: pool.settings.signInWith,
  minLength: String(pool.settings.passwordPolicy.minLength),
  accessTokenSeconds: String(pool.settings.tokens.accessTokenSeconds),
  refreshTokenSeconds: String(pool.settings.tokens.refreshTokenSeconds),
});

/** The change as the server takes it: an emptied branding field goes back to the default (null). */
function toBody(v: Values) {
  const numbers = {
    'passwordPolicy.minLength': parseNumber(v.minLength),
    'tokens.accessTokenSeconds': parseNumber(v.accessTokenSeconds),
    'tokens.refreshTokenSeconds': parseNumber(v.refreshTokenSeconds),
  };
  const num = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? undefined : n);
  const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
  const body = {
    name: v.name.trim(),
    selfSignUp: v.selfSignUp,
    autoConfirm: v.autoConfirm,
    signInWith: v.signInWith,
    passwordPolicy: { minLength: num(numbers['passwordPolicy.minLength']) },
    tokens: {
      accessTokenSeconds: num(numbers['tokens.accessTokenSeconds']),
      idTokenSeconds: num(numbers['tokens.accessTokenSeconds']),
      refreshTokenSeconds: num(numbers['tokens.refreshTokenSeconds']),
    },
    branding: {
      displayName: orNull(v.displayName),
      logoUrl: orNull(v.logoUrl),
      primaryColor: orNull(v.primaryColor),
    },
  };
  const errors: FieldErrors = issuesOf(updateUserPoolSchema.safeParse(body));
  for (const [key, n] of Object.entries(numbers))
    if (n === undefined || Number.isNaN(n)) errors[key] = 'must be a number';
  return { body, errors };
}

interface PoolSettingsSectionProps {
  pool: UserPool;
  canEdit: boolean;
  onSaved: (pool: UserPool) => void;
}

export function PoolSettingsSection({ pool, canEdit, onSaved }: PoolSettingsSectionProps) {
  const notify = useToast();
  const form = useForm<Values>(
    valuesOf(pool),
    (v) => toBody(v).errors,
    async (v) => {
      const saved = await updateUserPool(pool.id, toBody(v).body);
      notify('Settings saved.');
      onSaved(saved);
    },
  );
  const { values, set, error } = form;

  return (
    <section className="card" aria-labelledby="pool-settings-heading">
      <h2 id="pool-settings-heading">Settings</h2>
      <form onSubmit={form.onSubmit} noValidate className="pool-settings">
        <fieldset className="stack" disabled={!canEdit}>
          <TextField form={form} name="name" label="Name" />
          <h3>Branding</h3>
          <TextField
            form={form}
            name="displayName"
            label="Display name"
            hint="Shown on the sign-in pages and in emails."
            errorKey="branding.displayName"
          />
          <TextField
            form={form}
            name="logoUrl"
            label="Logo URL"
            hint="An https URL."
            errorKey="branding.logoUrl"
            inputMode="url"
          />
          <Field
            label="Primary colour"
            error={error('branding.primaryColor')}
            hint="For buttons, as #rrggbb."
          >
            {(c) => (
              <div className="colour-row">
                <input
                  type="color"
                  aria-label="Pick the primary colour"
                  value={/^#[0-9a-fA-F]{6}$/.test(values.primaryColor) ? values.primaryColor : '#1d4ed8'}
                  onChange={(e) => set('primaryColor', e.target.value, 'branding.primaryColor')}
                />
                <input
                  {...c}
                  value={values.primaryColor}
                  placeholder="#1d4ed8"
                  spellCheck={false}
                  onChange={(e) => set('primaryColor', e.target.value, 'branding.primaryColor')}
                />
              </div>
            )}
          </Field>
          <h3>Sign-up and sign-in</h3>
          <SignUpChecks
            selfSignUp={values.selfSignUp}
            autoConfirm={values.autoConfirm}
            onChange={(name, checked) => set(name, checked)}
          />
          <Field label="People sign in with" error={error('signInWith')}>
            {(c) => (
              <select
                {...c}
                value={values.signInWith}
                onChange={(e) => set('signInWith', e.target.value as Values['signInWith'])}
              >
                <option value="username">Their username</option>
                <option value="email">Their email address</option>
              </select>
            )}
          </Field>
          <TextField
            form={form}
            name="minLength"
            label="Minimum password length"
            errorKey="passwordPolicy.minLength"
            inputMode="numeric"
            hint="6 to 256. Common passwords are always refused."
          />
          <h3>Tokens</h3>
          <TextField
            form={form}
            name="accessTokenSeconds"
            label="Access and ID token lifetime (seconds)"
            errorKey="tokens.accessTokenSeconds"
            inputMode="numeric"
            hint="300 to 86400."
          />
          <TextField
            form={form}
            name="refreshTokenSeconds"
            label="Refresh token lifetime (seconds)"
            errorKey="tokens.refreshTokenSeconds"
            inputMode="numeric"
            hint="3600 to 315360000 (ten years); 2592000 is 30 days."
          />
          {canEdit ? (
            <>
              {form.formError ? <Alert>{form.formError}</Alert> : null}
              <div>
                <button type="submit" className="button button-primary" disabled={form.submitting}>
                  Save settings
                </button>
              </div>
            </>
          ) : null}
        </fieldset>
        <BrandingPreview
          poolName={values.name || pool.name}
          displayName={values.displayName}
          logoUrl={values.logoUrl}
          primaryColor={values.primaryColor}
        />
      </form>
    </section>
  );
}
