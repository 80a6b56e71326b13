import type { PoolGroup, PoolUser } from '@gatehouse/schemas';

/** Cognito's AttributeType: every attribute is a string on the wire. */
export interface AttributeType {
  Name: string;
  Value: string;
}

/** Cognito's UserType, as ListUsers and AdminCreateUser answer it. */
export interface UserType {
  Username: string;
  Attributes: AttributeType[];
  UserCreateDate: number;
  UserLastModifiedDate: number;
  Enabled: boolean;
  UserStatus: string;
}

/** Cognito's GroupType. */
export interface GroupType {
  GroupName: string;
  UserPoolId: string;
  Description: string;
  Precedence?: number;
  CreationDate: number;
  LastModifiedDate: number;
}

/** AWS JSON 1.1 timestamps: epoch seconds, with the milliseconds as a fraction. */
export function epochSeconds(iso: string): number {
  return Date.parse(iso) / 1000;
}

/** The user's attributes as Cognito lists them: `sub` first, the email and its flag last. */
export function userAttributes(user: PoolUser): AttributeType[] {
  const list: AttributeType[] = [{ Name: 'sub', Value: user.sub }];
  for (const [Name, Value] of Object.entries(user.attributes)) list.push({ Name, Value });
  if (user.email !== undefined) {
    list.push({ Name: 'email_verified', Value: String(user.emailVerified) });
    list.push({ Name: 'email', Value: user.email });
  }
  return list;
}

/**
 * A user as ListUsers and AdminCreateUser answer it. `attributesToGet` (ListUsers) keeps only
 * the attributes named; without it, or empty, all of them. MFAOptions stay absent: Gatehouse
 * has no SMS MFA.
 */
export function userType(user: PoolUser, attributesToGet?: readonly string[]): UserType {
  const all = userAttributes(user);
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

export function groupType(group: PoolGroup): GroupType {
  const created = epochSeconds(group.createdAt);
  return {
    GroupName: group.name,
    UserPoolId: group.poolId,
    Description: group.description,
    ...(group.precedence !== undefined ? { Precedence: group.precedence } : {}),
    CreationDate: created,
    LastModifiedDate: created,
  };
}
