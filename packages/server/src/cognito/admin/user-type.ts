import type { PoolUser } from '@gatehouse/schemas';
import { type CognitoAttribute, toAttributeList } from '../attributes.js';
import { epochSeconds } from '../management/signed-pool.js';

/** Cognito's UserType, as ListUsers and AdminCreateUser answer it. */
export interface UserType {
  Username: string;
  Attributes: CognitoAttribute[];
  UserCreateDate: number;
  UserLastModifiedDate: number;
  Enabled: boolean;
  UserStatus: string;
}

/**
 * A user as ListUsers and AdminCreateUser answer it. `attributesToGet` (ListUsers) keeps only
 * the attributes named; without it, or empty, all of them. MFAOptions stay absent: Gatehouse
 * has no SMS MFA.
 */
export function userType(user: PoolUser, attributesToGet?: readonly string[]): UserType {
  const all = toAttributeList(user);
  const wanted = attributesToGet && attributesToGet.length > 0 ? new Set(attributesToGet) : undefined;
  return {
    Username: user.username,
    Attributes: wanted ? all.filter((a) => wanted.has(a.Name)) : all,
    UserCreateDate: epochSeconds(user.createdAt),
    UserLastModifiedDate: epochSeconds(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

/** AdminGetUser's answer: the same user, with the attributes under `UserAttributes`. */
export function adminGetUserAnswer(user: PoolUser) {
  const { Attributes, ...rest } = userType(user);
  return { ...rest, UserAttributes: Attributes };
}
