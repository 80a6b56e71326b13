import {
  MAX_TOKEN_TTL,
  MIN_TOKEN_TTL,
  type SigningAlg,
  type UpdateResourceServerInput,
  updateResourceServerSchema,
} from '@gatehouse/schemas';
import { updateResourceServer } from '../../api/resource-servers';
import type { ResourceServer } from '../../api/types';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast-context';
import { useForm } from '../../lib/use-form';
import type { TeamChoice } from '../../lib/use-teams';
import { type FieldErrors, issuesOf, parseNumber } from '../../lib/validation';
import { TeamSelect } from '../Teams/TeamSelect';
import { SigningAlgSelect } from './SigningAlgSelect';

interface EditValues {
  name: string;
  description: string;
  tokenTtl: string;
  signingAlg: SigningAlg;
  teamId: string;
}

function validate(v: EditValues): FieldErrors {
  const ttl = parseNumber(v.tokenTtl);
  const errors = issuesOf(
    updateResourceServerSchema.safeParse({
      ...v,
      tokenTtl: ttl === undefined || Number.isNaN(ttl) ? undefined : ttl,
    }),
  );
  if (ttl === undefined || Number.isNaN(ttl)) errors.tokenTtl = 'must be a number of seconds';
  if (!v.teamId) errors.teamId = 'choose the team that will own it';
  return errors;
}

/** Only what changed goes to the server: an unchanged algorithm needs no key check. */
function changesOf(server: ResourceServer, v: EditValues): UpdateResourceServerInput {
  const ttl = parseNumber(v.tokenTtl);
  return {
    ...(v.name.trim() !== server.name ? { name: v.name.trim() } : {}),
    ...(v.description !== server.description ? { description: v.description } : {}),
    ...(ttl !== undefined && ttl !== server.tokenTtl ? { tokenTtl: ttl } : {}),
    ...(v.signingAlg !== server.signingAlg ? { signingAlg: v.signingAlg } : {}),
    ...(v.teamId !== server.teamId ? { teamId: v.teamId } : {}),
  };
}

interface EditResourceServerDialogProps {
  server: ResourceServer;
  /** The teams the person may move it to: their own, or every team for a platform admin. */
  teams: TeamChoice[];
  onClose: () => void;
  onSaved: (server: ResourceServer) => void;
}

/**
 * Name, description, token lifetime, algorithm and owning team of an API. The server refuses an
 * algorithm whose key verifiers may not hold yet, and says how to get one ready.
 */
export function EditResourceServerDialog({ server, teams, onClose, onSaved }: EditResourceServerDialogProps) {
  const notify = useToast();
  // The current team stays choosable even for someone who is not in it (a platform admin's list has it).
  const choices =
    teams.some((t) => t.id === server.teamId) || server.teamId === null
      ? teams
      : [{ id: server.teamId, name: 'Its current team' }, ...teams];
  const form = useForm<EditValues>(
    {
      name: server.name,
      description: server.description,
      tokenTtl: String(server.tokenTtl),
      signingAlg: server.signingAlg,
      teamId: server.teamId ?? '',
    },
    validate,
    async (v) => {
      const change = changesOf(server, v);
      if (Object.keys(change).length === 0) {
        onClose();
        return;
      }
      const updated = await updateResourceServer(server.id, change);
      notify(`API “${updated.name}” saved. Tokens issued from now on follow the new settings.`);
      onSaved(updated);
    },
  );
  const { values, set, error } = form;

  return (
    <FormDialog title="Edit API" onClose={onClose} wide form={form} submitLabel="Save changes">
      <TextField form={form} name="name" label="Name" data-autofocus />
      <TextField form={form} name="description" label="Description" rows={2} />
      <div className="form-row">
        <TextField
          form={form}
          name="tokenTtl"
          label="Token lifetime (seconds)"
          hint={`${MIN_TOKEN_TTL} to ${MAX_TOKEN_TTL}. Tokens already issued keep theirs.`}
          inputMode="numeric"
        />
        <SigningAlgSelect
          value={values.signingAlg}
          onChange={(alg) => set('signingAlg', alg)}
          error={error('signingAlg')}
          hint="A switch needs a key of that algorithm published for 10 minutes."
        />
      </div>
      <TeamSelect
        teams={choices}
        value={values.teamId}
        onChange={(id) => set('teamId', id)}
        error={error('teamId')}
        label="Owning team"
      />
    </FormDialog>
  );
}
