import {
  createClientSchema,
  MAX_TOKEN_TTL,
  MIN_TOKEN_TTL,
  TOKEN_ENDPOINT_AUTH_METHODS,
  type TokenEndpointAuthMethod,
} from '@gatehouse/schemas';
import { createClient } from '../../api/clients';
import { getCatalogue } from '../../api/resource-servers';
import type { CatalogueEntry, Jwks } from '../../api/types';
import { FormDialog } from '../../components/FormDialog';
import { Field } from '../../components/Field';
import { TextField } from '../../components/TextField';
import { LoadState } from '../../components/LoadState';
import { AUTH_METHOD_LABELS } from '../../lib/format';
import { keepFreshSecret } from '../../lib/fresh-secret';
import { mayPermit, useSession } from '../../lib/session';
import { useForm } from '../../lib/use-form';
import { useLoad } from '../../lib/use-load';
import type { TeamChoice } from '../../lib/use-teams';
import { type FieldErrors, issuesOf, parseNumber } from '../../lib/validation';
import { navigate } from '../../router';
import { TeamSelect } from '../Teams/TeamSelect';
import { type KeySource, KeysFields, parseJwks } from './KeysFields';
import { ScopePicker } from './ScopePicker';

interface ClientValues {
  teamId: string;
  name: string;
  description: string;
  authMethod: TokenEndpointAuthMethod;
  scopes: string[];
  tokenTtl: string;
  keySource: KeySource;
  jwksText: string;
  jwksUri: string;
}

/** The body the server gets, and the problems our copy of its schema finds in it. */
function toBody(v: ClientValues) {
  const keyed = v.authMethod === 'private_key_jwt';
  const jwks = keyed && v.keySource === 'jwks' ? parseJwks(v.jwksText) : {};
  const ttl = parseNumber(v.tokenTtl);
  const body = {
    teamId: v.teamId,
    name: v.name.trim(),
    description: v.description,
    authMethod: v.authMethod,
    scopes: v.scopes,
    tokenTtl: ttl === undefined || Number.isNaN(ttl) ? undefined : ttl,
    jwks: jwks.value as Jwks | undefined,
    jwksUri: keyed && v.keySource === 'jwksUri' && v.jwksUri.trim() ? v.jwksUri.trim() : undefined,
  };
  const errors = issuesOf(createClientSchema.safeParse(body));
  if (jwks.error) errors.jwks = jwks.error;
  // The schema files "no keys" under jwks; in URL mode, say it under the URL box.
  if (keyed && v.keySource === 'jwksUri' && errors.jwks && !errors.jwksUri) {
    errors.jwksUri = errors.jwks;
    delete errors.jwks;
  }
  if (ttl !== undefined && Number.isNaN(ttl)) errors.tokenTtl = 'must be a number of seconds';
  if (!v.teamId) errors.teamId = 'choose the team that will own it';
  return { body, errors };
}

const validate = (v: ClientValues): FieldErrors => toBody(v).errors;

interface NewClientDialogProps {
  teams: TeamChoice[];
  defaultTeam?: string;
  onClose: () => void;
}

export function NewClientDialog({ teams, defaultTeam, onClose }: NewClientDialogProps) {
  const { me } = useSession();
  const catalogue = useLoad(() => getCatalogue(), []);
  const form = useForm<ClientValues>(
    {
      teamId: defaultTeam || (teams.length === 1 ? (teams[0]?.id ?? '') : ''),
      name: '',
      description: '',
      authMethod: 'client_secret_basic',
      scopes: [],
      tokenTtl: '',
      keySource: 'jwks',
      jwksText: '',
      jwksUri: '',
    },
    validate,
    async (v) => {
      const { client, secret } = await createClient(toBody(v).body);
      if (secret) keepFreshSecret(client.clientId, secret);
      navigate(`/clients/${encodeURIComponent(client.clientId)}`);
    },
  );
  const { values, set, error } = form;
  const permittable = (entry: CatalogueEntry, teamId: string) => mayPermit(me, entry, teamId);

  // Scopes ticked for the previous team's APIs are not the new team's to give.
  const changeTeam = (teamId: string) => {
    set('teamId', teamId);
    const keep = new Set(
      (catalogue.data ?? [])
        .filter((entry) => permittable(entry, teamId))
        .flatMap((entry) => entry.scopes.map((s) => `${entry.identifier}/${s.name}`)),
    );
    if (values.scopes.some((s) => !keep.has(s)))
      set(
        'scopes',
        values.scopes.filter((s) => keep.has(s)),
        false,
      );
  };

  return (
    <FormDialog title="New client" onClose={onClose} wide form={form} submitLabel="Create client">
      <TeamSelect teams={teams} value={values.teamId} onChange={changeTeam} error={error('teamId')} />
      <TextField
        form={form}
        name="name"
        label="Name"
        hint="Who calls, e.g. “Delivery partner”."
        data-autofocus
      />
      <TextField form={form} name="description" label="Description" rows={2} />
      <Field label="Authentication method" error={error('authMethod')}>
        {(c) => (
          <select
            {...c}
            value={values.authMethod}
            onChange={(e) => set('authMethod', e.target.value as TokenEndpointAuthMethod)}
          >
            {TOKEN_ENDPOINT_AUTH_METHODS.map((method) => (
              <option key={method} value={method}>
                {AUTH_METHOD_LABELS[method] ?? method}
              </option>
            ))}
          </select>
        )}
      </Field>
      {values.authMethod === 'private_key_jwt' ? (
        <KeysFields
          source={values.keySource}
          onSource={(s) => set('keySource', s)}
          jwksText={values.jwksText}
          onJwksText={(t) => set('jwksText', t, 'jwks')}
          jwksUri={values.jwksUri}
          onJwksUri={(u) => set('jwksUri', u)}
          error={error}
        />
      ) : null}
      {catalogue.data ? (
        <ScopePicker
          catalogue={catalogue.data}
          selected={values.scopes}
          onChange={(scopes) => set('scopes', scopes)}
          canPermit={(entry) => permittable(entry, values.teamId)}
          lockedHint="Owned by another team: request access from the client's page once it is created."
          error={error('scopes')}
        />
      ) : (
        <LoadState loading={catalogue.loading} error={catalogue.error} onRetry={catalogue.reload} />
      )}
      <TextField
        form={form}
        name="tokenTtl"
        label="Token lifetime override (seconds)"
        hint={`Optional, ${MIN_TOKEN_TTL} to ${MAX_TOKEN_TTL}. Empty uses each API's own lifetime.`}
        inputMode="numeric"
      />
    </FormDialog>
  );
}
