import type {
  AddPermissionsBody,
  AddSecretBody,
  CreateClientBody,
  PatchClientBody,
  PutKeysBody,
} from '@gatehouse/schemas';
import { http, query } from './http';
import type { Client, ClientSecretInfo, IssuedSecret, Usage } from './types';

const base = '/api/v1/clients';
const one = (clientId: string) => `${base}/${encodeURIComponent(clientId)}`;

export const listClients = (filter: { team?: string; q?: string } = {}) =>
  http.get<{ clients: Client[] }>(base + query(filter)).then((r) => r.clients);
export const getClient = (clientId: string) => http.get<Client>(one(clientId));
export const createClient = (body: CreateClientBody) =>
  http.post<{ client: Client; secret: IssuedSecret | null }>(base, body);
export const updateClient = (clientId: string, body: PatchClientBody) =>
  http.patch<Client>(one(clientId), body);
export const deleteClient = (clientId: string) => http.delete<void>(one(clientId));

export const addPermissions = (clientId: string, scopes: string[], expiresIn?: number) =>
  http.post<Client>(`${one(clientId)}/permissions`, { scopes, expiresIn } satisfies AddPermissionsBody);
export const removePermission = (clientId: string, scope: string) =>
  http.delete<Client>(`${one(clientId)}/permissions` + query({ scope }));

export const addSecret = (clientId: string, expiresIn?: number) =>
  http.post<IssuedSecret>(`${one(clientId)}/secrets`, { expiresIn } satisfies AddSecretBody);
export const revokeSecret = (clientId: string, secretId: string) =>
  http.delete<ClientSecretInfo>(`${one(clientId)}/secrets/${encodeURIComponent(secretId)}`);

export const putKeys = (clientId: string, keys: PutKeysBody) =>
  http.put<Client>(`${one(clientId)}/keys`, keys);

export const getUsage = (clientId: string, days = 30) =>
  http.get<Usage>(`${one(clientId)}/usage` + query({ days }));
