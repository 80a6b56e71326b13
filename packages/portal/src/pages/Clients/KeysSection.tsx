import { jwksSchema, jwksUriSchema } from '@gatehouse/schemas';
import { putKeys } from '../../api/clients';
import type { Client, Jwks } from '../../api/types';
import { Alert } from '../../components/Alert';
import { useToast } from '../../components/toast-context';
import { useForm } from '../../lib/use-form';
import { type FieldErrors, issuesOf } from '../../lib/validation';
import { type KeySource, KeysFields, parseJwks } from './KeysFields';

interface KeysSectionProps {
  client: Client;
  canEdit: boolean;
  onSaved: (client: Client) => void;
}

interface Values {
  keySource: KeySource;
  jwksText: string;
  jwksUri: string;
}

function validate(v: Values): FieldErrors {
  if (v.keySource === 'jwksUri') {
    const errors = issuesOf(jwksUriSchema.safeParse(v.jwksUri.trim()));
    return errors[''] ? { jwksUri: errors[''] } : {};
  }
  const parsed = parseJwks(v.jwksText);
  if (parsed.error) return { jwks: parsed.error };
  if (parsed.value === undefined) return { jwks: 'paste the public keys' };
  const errors = issuesOf(jwksSchema.safeParse(parsed.value));
  return Object.fromEntries(
    Object.entries(errors).map(([path, message]) => [path ? `jwks.${path}` : 'jwks', message]),
  );
}

/** The public keys a private_key_jwt client signs its assertions with. */
export function KeysSection({ client, canEdit, onSaved }: KeysSectionProps) {
  const notify = useToast();
  const form = useForm<Values>(
    {
      keySource: client.jwksUri ? 'jwksUri' : 'jwks',
      jwksText: client.jwks ? JSON.stringify(client.jwks, null, 2) : '',
      jwksUri: client.jwksUri ?? '',
    },
    validate,
    async (v) => {
      const body =
        v.keySource === 'jwksUri'
          ? { jwksUri: v.jwksUri.trim() }
          : { jwks: parseJwks(v.jwksText).value as Jwks };
      onSaved(await putKeys(client.clientId, body));
      notify('Keys saved. Assertions signed with them are accepted within a second.');
    },
  );

  return (
    <section className="card" aria-labelledby="keys-heading">
      <h2 id="keys-heading">Registered keys</h2>
      <p className="muted">
        This client proves who it is with a JWT signed by its private key (RFC 7523). Gatehouse holds only the
        public keys.
      </p>
      <form onSubmit={form.onSubmit} noValidate className="stack">
        <fieldset disabled={!canEdit} className="plain-fieldset">
          <KeysFields
            source={form.values.keySource}
            onSource={(s) => form.set('keySource', s)}
            jwksText={form.values.jwksText}
            onJwksText={(t) => form.set('jwksText', t, 'jwks')}
            jwksUri={form.values.jwksUri}
            onJwksUri={(u) => form.set('jwksUri', u)}
            error={form.error}
          />
        </fieldset>
        {form.formError ? <Alert>{form.formError}</Alert> : null}
        {canEdit ? (
          <div>
            <button type="submit" className="button button-primary" disabled={form.submitting}>
              Save keys
            </button>
          </div>
        ) : null}
      </form>
    </section>
  );
}
