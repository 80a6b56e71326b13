import type { ArgSpec, OptionSpec } from './command.js';

/** Options and arguments several commands share, so that their help reads the same everywhere. */

export const NAME_OPTION: OptionSpec = {
  type: 'string',
  required: true,
  value: 'NAME',
  description: 'display name',
};

export const OWNING_TEAM_OPTION: OptionSpec = {
  type: 'string',
  value: 'TEAM',
  description: 'slug or id of the owning team (default: none, admins only)',
};

export const CLIENT_ID_ARG: ArgSpec = { name: 'ID', description: 'the client_id' };
