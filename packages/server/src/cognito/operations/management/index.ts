import type { CognitoOperation } from '../../operation.js';
import { createGroup } from './create-group.js';
import { createResourceServer } from './create-resource-server.js';
import { createUserPoolClient } from './create-user-pool-client.js';
import { createUserPool } from './create-user-pool.js';
import { deleteUserPoolClient } from './delete-user-pool-client.js';
import { deleteUserPool } from './delete-user-pool.js';
import { describeResourceServer } from './describe-resource-server.js';
import { describeUserPoolClient } from './describe-user-pool-client.js';
import { describeUserPool } from './describe-user-pool.js';
import { listGroups } from './list-groups.js';
import { listResourceServers } from './list-resource-servers.js';
import { listUserPoolClients } from './list-user-pool-clients.js';
import { listUserPools } from './list-user-pools.js';

/** Pools, app clients, resource servers and groups, managed with an access key. */
export const MANAGEMENT_OPERATIONS: readonly CognitoOperation[] = [
  createUserPool,
  describeUserPool,
  listUserPools,
  deleteUserPool,
  createUserPoolClient,
  describeUserPoolClient,
  listUserPoolClients,
  deleteUserPoolClient,
  createResourceServer,
  describeResourceServer,
  listResourceServers,
  createGroup,
  listGroups,
];
