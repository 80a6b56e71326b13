import type { ClientLimits, PlatformLimits, RateLimit, TeamLimits } from '@gatehouse/schemas';
import { http } from './http';

const client = (clientId: string) => `/api/v1/clients/${encodeURIComponent(clientId)}/limits`;
const team = (teamId: string) => `/api/v1/teams/${encodeURIComponent(teamId)}/limits`;

export const getClientLimits = (clientId: string) => http.get<ClientLimits>(client(clientId));
export const putClientLimits = (clientId: string, limit: RateLimit) =>
  http.put<ClientLimits>(client(clientId), limit);
export const clearClientLimits = (clientId: string) => http.delete<ClientLimits>(client(clientId));

export const getTeamLimits = (teamId: string) => http.get<TeamLimits>(team(teamId));
export const getPlatformLimits = () => http.get<PlatformLimits>('/api/v1/limits');
