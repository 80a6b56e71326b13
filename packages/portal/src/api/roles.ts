import type { ClientRoles, CreateRoleInput, Role } from '@gatehouse/schemas';
import { http, query } from './http';

const base = '/api/v1/roles';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;
const ofClient = (clientId: string) => `/api/v1/clients/${encodeURIComponent(clientId)}/roles`;

export const listRoles = (team?: string) =>
  http.get<{ roles: Role[] }>(base + query({ team })).then((r) => r.roles);
export const getRole = (id: string) => http.get<Role>(one(id));
export const createRole = (body: CreateRoleInput) => http.post<Role>(base, body);
export const deleteRole = (id: string) => http.delete<void>(one(id));
export const addRoleScopes = (id: string, scopes: string[]) =>
  http.post<Role>(`${one(id)}/scopes`, { scopes });
export const removeRoleScope = (id: string, scope: string) =>
  http.delete<Role>(`${one(id)}/scopes` + query({ scope }));

export const getClientRoles = (clientId: string) => http.get<ClientRoles>(ofClient(clientId));
export const addClientRole = (clientId: string, role: string) =>
  http.post<ClientRoles>(ofClient(clientId), { role });
export const removeClientRole = (clientId: string, roleId: string) =>
  http.delete<ClientRoles>(`${ofClient(clientId)}/${encodeURIComponent(roleId)}`);
