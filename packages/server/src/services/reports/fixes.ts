import { type ReportFix, shellQuote } from '@gatehouse/schemas';

/** The `gatehouse` commands that fix a report's entry: the same ones a person would type. */

export const disableFix = (clientId: string): ReportFix => ({
  action: 'disable_client',
  commands: [`gatehouse clients disable ${shellQuote(clientId)}`],
});

export const removeScopeFix = (clientId: string, scope: string): ReportFix => ({
  action: 'remove_scope',
  commands: [`gatehouse clients permissions remove ${shellQuote(clientId)} ${shellQuote(scope)}`],
});

export const removeRoleFix = (clientId: string, role: string): ReportFix => ({
  action: 'remove_role',
  commands: [`gatehouse clients roles remove ${shellQuote(clientId)} ${shellQuote(role)}`],
});

/** A new secret first; the old one is revoked once the caller has the new one deployed. */
export const rotateFix = (clientId: string, oldSecretId: string): ReportFix => ({
  action: 'rotate_secret',
  commands: [
    `gatehouse clients secrets add ${shellQuote(clientId)}`,
    `gatehouse clients secrets revoke ${shellQuote(clientId)} ${shellQuote(oldSecretId)}`,
  ],
});

/** Finishes a rotation: every secret but the newest goes. */
export const revokeFix = (clientId: string, secretIds: readonly string[]): ReportFix => ({
  action: 'revoke_secret',
  commands: secretIds.map(
    (id) => `gatehouse clients secrets revoke ${shellQuote(clientId)} ${shellQuote(id)}`,
  ),
});
