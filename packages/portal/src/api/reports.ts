import type { SecretsReport, StaleClientsReport, UnusedScopesReport } from '@gatehouse/schemas';
import { http, query } from './http';

export interface ReportFilter {
  days: number;
  team?: string;
}

const base = '/api/v1/reports';

export const getStaleClients = (filter: ReportFilter) =>
  http.get<StaleClientsReport>(`${base}/stale-clients` + query({ ...filter }));
export const getUnusedScopes = (filter: ReportFilter) =>
  http.get<UnusedScopesReport>(`${base}/unused-scopes` + query({ ...filter }));
/** The secrets report follows the server's policy settings; only the team narrows it. */
export const getSecretsReport = (team?: string) =>
  http.get<SecretsReport>(`${base}/secrets` + query({ team }));

/** Takes a role from a client: the fix for a scope held only through a role. */
export const removeClientRole = (clientId: string, roleId: string) =>
  http.delete<unknown>(`/api/v1/clients/${encodeURIComponent(clientId)}/roles/${encodeURIComponent(roleId)}`);
