import type { PoolGroup } from '@gatehouse/schemas';
import { epochSeconds } from './signed-pool.js';

/** Cognito's GroupType; Gatehouse groups have no IAM role, and never change once made. */
export function groupType(group: PoolGroup): Record<string, unknown> {
  const at = epochSeconds(group.createdAt);
  return {
    GroupName: group.name,
    UserPoolId: group.poolId,
    ...(group.description ? { Description: group.description } : {}),
    ...(group.precedence !== undefined ? { Precedence: group.precedence } : {}),
    CreationDate: at,
    LastModifiedDate: at,
  };
}
