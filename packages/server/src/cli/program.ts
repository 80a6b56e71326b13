import { accessKeys } from './access-keys.js';
import { audit } from './audit.js';
import { clients } from './clients.js';
import { applyCommand, exportCommand, planCommand } from './config-code.js';
import { group } from './command.js';
import type { Program } from './dispatch.js';
import { gateway } from './gateway.js';
import { init } from './init.js';
import { keys } from './keys.js';
import { masterKey } from './master-key-generate.js';
import { resourceServers } from './resource-servers.js';
import { roles } from './roles.js';
import { serve } from './serve.js';
import { teams } from './teams.js';
import { platformLimits } from './rate-limits.js';
import { reports } from './reports.js';
import { userPools } from './user-pools.js';
import { users } from './users.js';
import { VERSION } from './version.js';

/** Every command of `gatehouse`, one group per file. */
export const program: Program = {
  version: VERSION,
  root: group({
    name: 'gatehouse',
    summary: 'A self-hosted OAuth 2.0 authorization server for service-to-service calls',
    children: [
      init,
      serve,
      resourceServers,
      clients,
      roles,
      userPools,
      accessKeys,
      teams,
      platformLimits,
      reports,
      users,
      keys,
      audit,
      masterKey,
      gateway,
      exportCommand,
      planCommand,
      applyCommand,
    ],
  }),
};
