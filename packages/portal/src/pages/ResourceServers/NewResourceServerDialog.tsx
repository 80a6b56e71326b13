import {
  createResourceServerSchema,
  DEFAULT_TOKEN_TTL,
  MAX_TOKEN_TTL,
  MIN_TOKEN_TTL,
  type ScopeInput,
  type SigningAlg,
  type TokenProfile,
} from '@gatehouse/schemas';
import { createResourceServer } from '../../api/resource-servers';
import type { ResourceServer } from '../../api/types';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast-context';
import { useForm } from '../../lib/use-form';
import type { TeamChoice } from '../../lib/use-teams';
import { type FieldErrors, issuesOf, parseNumber } from '../../lib/validation';
import { TeamSelect } from '../Teams/TeamSelect';
import { ScopeRows } from './ScopeRows';
import { SigningAlgSelect } from './SigningAlgSelect';
import { TokenProfileSelect } from './TokenProfileSelect';

interface ApiValues {
  teamId: string;
  identifier: string;
  name: string;
  description: string;
  scopes: Required<ScopeInput>[];
  tokenTtl: string;
  signingAlg: SigningAlg;
  tokenProfile: TokenProfile;
}

function validate(v: ApiValues): FieldErrors {
  const ttl = parseNumber(v.tokenTtl);
  const errors = issuesOf(
    createResourceServerSchema.safeParse({
      ...v,
      tokenTtl: ttl === undefined || Number.isNaN(ttl) ? undefined : ttl,
    }),
  );
  if (ttl !== undefined && Number.isNaN(ttl)) errors.tokenTtl = 'must be a number of seconds';
  if (!v.teamId) errors.teamId = 'choose the team that will own it';
  return errors;
}

interface NewResourceServerDialogProps {
  teams: TeamChoice[];
  defaultTeam?: string;
  onClose: () => void;
  onCreated: (server: ResourceServer) => void;
}

export function NewResourceServerDialog({
  teams,
  defaultTeam,
  onClose,
  onCreated,
}: NewResourceServerDialogProps) {
  const notify = useToast();
  const form = useForm<ApiValues>(
    {
      teamId: defaultTeam || (teams.length === 1 ? (teams[0]?.id ?? '') : ''),
      identifier: '',
      name: '',
      description: '',
      scopes: [{ name: '', description: '' }],
      tokenTtl: String(DEFAULT_TOKEN_TTL),
      signingAlg: 'ES256',
      tokenProfile: 'rfc9068',
    },
    validate,
    async (v) => {
      const created = await createResourceServer({
        teamId: v.teamId,
        identifier: v.identifier.trim(),
        name: v.name.trim(),
        description: v.description,
        scopes: v.scopes,
        tokenTtl: parseNumber(v.tokenTtl),
        signingAlg: v.signingAlg,
        tokenProfile: v.tokenProfile,
      });
      notify(`API “${created.name}” registered.`);
      onCreated(created);
    },
  );
  const { values, set, error } = form;

  return (
    <FormDialog title="New API" onClose={onClose} wide form={form} submitLabel="Create API">
      <TeamSelect
        teams={teams}
        value={values.teamId}
        onChange={(id) => set('teamId', id)}
        error={error('teamId')}
      />
      <TextField
        form={form}
        name="identifier"
        label="Identifier"
        hint="The audience (aud) of its tokens: a URL such as https://orders.example.com or a short name such as lj-health-food. It cannot be changed later."
        data-autofocus
        spellCheck={false}
        autoCapitalize="off"
      />
      <TextField form={form} name="name" label="Name" />
      <TextField form={form} name="description" label="Description" rows={2} />
      <ScopeRows
        rows={values.scopes}
        onChange={(rows, touched) => set('scopes', rows, touched)}
        error={error}
      />
      <div className="form-row">
        <TextField
          form={form}
          name="tokenTtl"
          label="Token lifetime (seconds)"
          hint={`${MIN_TOKEN_TTL} to ${MAX_TOKEN_TTL} (one day). ${DEFAULT_TOKEN_TTL} is one hour.`}
          inputMode="numeric"
        />
        <SigningAlgSelect
          value={values.signingAlg}
          onChange={(alg) => set('signingAlg', alg)}
          error={error('signingAlg')}
          hint="ES256 suits almost every verifier."
        />
      </div>
      <TokenProfileSelect
        value={values.tokenProfile}
        onChange={(profile) => set('tokenProfile', profile)}
        error={error('tokenProfile')}
      />
    </FormDialog>
  );
}
