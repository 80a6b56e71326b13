import type { ClientRoles, Role } from '@gatehouse/schemas';
import type { Output } from './output.js';

export const ROLE_HEADERS = ['ID', 'NAME', 'TEAM', 'SCOPES', 'HOLDERS'] as const;

export function roleRows(roles: readonly Role[]): string[][] {
  return roles.map((r) => [
    r.id,
    r.name,
    r.teamId ?? '(platform)',
    String(r.scopes.length),
    String(r.holders.length),
  ]);
}

export function showRole(out: Output, role: Role): void {
  out.block([
    ['id', role.id],
    ['name', role.name],
    ['team', role.teamId ?? '(platform)'],
    ...(role.description ? ([['description', role.description]] as const) : []),
    ['scopes', role.scopes.join('\n') || '(none)'],
    ['holders', role.holders.map((h) => `${h.clientId} (${h.name})`).join('\n') || '(none)'],
    ['updated', role.updatedAt],
  ]);
}

/** Each scope with where it comes from: `direct`, `role ops`, or both. */
export function showClientRoles(out: Output, view: ClientRoles): void {
  out.block([
    ['client', view.clientId],
    ['roles', view.roles.map((r) => `${r.name} (${r.id})`).join('\n') || '(none)'],
  ]);
  out.line();
  if (view.scopes.length === 0) {
    out.line('It may request no scopes.');
    return;
  }
  out.table(
    ['SCOPE', 'FROM'],
    view.scopes.map((s) => [
      s.scope,
      [
        ...(s.direct ? [s.expiresAt ? `direct until ${s.expiresAt}` : 'direct'] : []),
        ...s.roles.map((r) => `role ${r.name}`),
      ].join(', '),
    ]),
  );
}
