import type { PoolUser } from '@gatehouse/schemas';

/** Cognito's `AttributeType`. */
export interface CognitoAttribute {
  Name: string;
  Value?: string | undefined;
}

/**
 * Cognito's attribute list as Gatehouse keeps a user: `email` in its own field, the rest as
 * attributes. A name given twice keeps its last value, as Cognito does.
 */
export function fromAttributeList(list: readonly CognitoAttribute[] | undefined): {
  email: string | undefined;
  emailVerified: string | undefined;
  attributes: Record<string, string>;
} {
  let email: string | undefined;
  let emailVerified: string | undefined;
  const attributes: Record<string, string> = {};
  for (const { Name, Value = '' } of list ?? []) {
    if (Name === 'email') email = Value;
    else if (Name === 'email_verified') emailVerified = Value;
    else attributes[Name] = Value;
  }
  return { email, emailVerified, attributes };
}

/** A user's attributes as Cognito lists them: `sub` first, then email, then the rest. */
export function toAttributeList(user: PoolUser): CognitoAttribute[] {
  const list: CognitoAttribute[] = [{ Name: 'sub', Value: user.sub }];
  if (user.email !== undefined) {
    list.push({ Name: 'email', Value: user.email });
    list.push({ Name: 'email_verified', Value: String(user.emailVerified) });
  }
  for (const [Name, Value] of Object.entries(user.attributes)) list.push({ Name, Value });
  return list;
}

/** `a***@e***`: where a code went, as Cognito shows it without giving the address away. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  return `${local.charAt(0)}***@${domain.charAt(0)}***`;
}

/** CodeDeliveryDetails for a code mailed to `email`. */
export function emailDelivery(email: string) {
  return { Destination: maskEmail(email), DeliveryMedium: 'EMAIL', AttributeName: 'email' };
}
