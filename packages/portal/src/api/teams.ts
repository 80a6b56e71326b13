import { http } from './http';
import type { Member, Team, TeamRole, TeamWithMembers, User } from './types';

const base = '/api/v1/teams';
const team = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const listTeams = () => http.get<{ teams: Team[] }>(base).then((r) => r.teams);
export const getTeam = (id: string) => http.get<TeamWithMembers>(team(id));
export const createTeam = (body: { slug: string; name: string; description?: string }) =>
  http.post<Team>(base, body);

export const addMember = (teamId: string, body: { email: string; role: TeamRole }) =>
  http.post<Member>(`${team(teamId)}/members`, body);
export const changeRole = (teamId: string, userId: string, role: TeamRole) =>
  http.patch<Member>(`${team(teamId)}/members/${encodeURIComponent(userId)}`, { role });
export const removeMember = (teamId: string, userId: string) =>
  http.delete<void>(`${team(teamId)}/members/${encodeURIComponent(userId)}`);

export const listUsers = () => http.get<{ users: User[] }>('/api/v1/users').then((r) => r.users);
export const createUser = (body: { email: string; name: string; password: string; isAdmin?: boolean }) =>
  http.post<User>('/api/v1/users', body);
