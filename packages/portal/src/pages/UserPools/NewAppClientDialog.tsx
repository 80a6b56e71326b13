import { type CreatedAppClient, createAppClientSchema, OIDC_SCOPES } from '@gatehouse/schemas';
import { createAppClient } from '../../api/user-pools';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { useForm } from '../../lib/use-form';
import { issuesOf } from '../../lib/validation';

interface Values {
  name: string;
  kind: 'confidential' | 'public' | 'machine';
  redirectUris: string;
  logoutUris: string;
  oidcScopes: string[];
  otherScopes: string;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function toBody(v: Values) {
  const apiScopes = v.otherScopes.split(/\s+/).filter(Boolean);
  // A machine client signs no one in: no callback, no OpenID scopes, its API scopes only.
  const machine = v.kind === 'machine';
  const body = {
    name: v.name.trim(),
    public: v.kind === 'public',
    allowedOAuthFlows: machine ? ['client_credentials' as const] : ['code' as const],
    redirectUris: machine ? [] : lines(v.redirectUris),
    logoutUris: machine ? [] : lines(v.logoutUris),
    scopes: machine ? apiScopes : [...v.oidcScopes, ...apiScopes],
  };
  return { body, errors: issuesOf(createAppClientSchema.safeParse(body)) };
}

interface NewAppClientDialogProps {
  poolId: string;
  onClose: () => void;
  onCreated: (client: CreatedAppClient) => void;
}

export function NewAppClientDialog({ poolId, onClose, onCreated }: NewAppClientDialogProps) {
  const form = useForm<Values>(
    {
      name: '',
      kind: 'confidential',
      redirectUris: '',
      logoutUris: '',
      oidcScopes: ['openid', 'email', 'profile'],
      otherScopes: '',
    },
    (v) => toBody(v).errors,
    async (v) => onCreated(await createAppClient(poolId, toBody(v).body)),
  );
  const { values, set, error } = form;
  const toggle = (scope: string, on: boolean) =>
    set(
      'oidcScopes',
      OIDC_SCOPES.filter((s) => (s === scope ? on : values.oidcScopes.includes(s))),
      'scopes',
    );

  return (
    <FormDialog title="New app client" onClose={onClose} wide form={form} submitLabel="Create app client">
      <TextField
        form={form}
        name="name"
        label="Name"
        hint="The app people sign in to, e.g. “Shop web”."
        data-autofocus
      />
      <fieldset className="stack">
        <legend>Kind of app</legend>
        <label className="check">
          <input
            type="radio"
            name="kind"
            checked={values.kind === 'confidential'}
            onChange={() => set('kind', 'confidential')}
          />
          <span>Confidential: a backend that keeps a secret and exchanges the code itself</span>
        </label>
        <label className="check">
          <input
            type="radio"
            name="kind"
            checked={values.kind === 'public'}
            onChange={() => set('kind', 'public')}
          />
          <span>Public: a single-page or mobile app, with PKCE and no secret</span>
        </label>
        <label className="check">
          <input
            type="radio"
            name="kind"
            checked={values.kind === 'machine'}
            onChange={() => set('kind', 'machine')}
          />
          <span>
            Machine: a service that gets tokens for API scopes with its secret (client_credentials, as
            Cognito)
          </span>
        </label>
      </fieldset>
      {values.kind === 'machine' ? null : (
        <>
          <TextField
            form={form}
            name="redirectUris"
            errorKey="redirectUris"
            label="Callback URLs"
            hint="One per line, matched exactly. https, or http only for localhost."
            rows={3}
          />
          <TextField
            form={form}
            name="logoutUris"
            errorKey="logoutUris"
            label="Sign-out URLs"
            hint="Optional, one per line: where people may land after signing out."
            rows={2}
          />
          <fieldset className="stack">
            <legend>Scopes</legend>
            {OIDC_SCOPES.map((scope) => (
              <label className="check" key={scope}>
                <input
                  type="checkbox"
                  checked={values.oidcScopes.includes(scope)}
                  onChange={(e) => toggle(scope, e.target.checked)}
                />
                <span>{scope}</span>
              </label>
            ))}
          </fieldset>
        </>
      )}
      <Field
        label="API scopes"
        error={error('scopes') ?? error('allowedOAuthFlows')}
        hint={
          values.kind === 'machine'
            ? 'Required: the qualified scopes it may ask for, space-separated, e.g. lj-health-food/place-order.'
            : 'Optional: qualified scopes of registered APIs, space-separated, e.g. lj-health-food/list-orders.'
        }
      >
        {(c) => (
          <input
            {...c}
            spellCheck={false}
            value={values.otherScopes}
            onChange={(e) => set('otherScopes', e.target.value, 'scopes')}
          />
        )}
      </Field>
    </FormDialog>
  );
}
