import { http, query } from './http';
import type { CreateResourceServerBody, ScopeInput, UpdateResourceServerInput } from '@gatehouse/schemas';
import type { CatalogueEntry, ResourceServer } from './types';

const base = '/api/v1/resource-servers';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const listResourceServers = (filter: { team?: string; q?: string } = {}) =>
  http.get<{ resourceServers: ResourceServer[] }>(base + query(filter)).then((r) => r.resourceServers);
export const getResourceServer = (id: string) => http.get<ResourceServer>(one(id));
export const createResourceServer = (body: CreateResourceServerBody) => http.post<ResourceServer>(base, body);
export const updateResourceServer = (id: string, body: UpdateResourceServerInput) =>
  http.patch<ResourceServer>(one(id), body);
export const deleteResourceServer = (id: string, force = false) =>
  http.delete<void>(one(id) + query({ force: force || undefined }));
export const addScope = (id: string, scope: ScopeInput) =>
  http.post<ResourceServer>(`${one(id)}/scopes`, scope);
export const removeScope = (id: string, name: string) =>
  http.delete<ResourceServer>(`${one(id)}/scopes/${encodeURIComponent(name)}`);

export const getCatalogue = (q?: string) =>
  http
    .get<{ resourceServers: CatalogueEntry[] }>('/api/v1/catalogue' + query({ q }))
    .then((r) => r.resourceServers);
