import type {
  ChangeRoleBody,
  CreateTeamInput,
  CreateUserInput,
  InviteMemberInput,
  UpdateTeamInput,
} from '@gatehouse/schemas';
import { http } from './http';
import type { Invitation, Member, MyInvitation, Team, TeamRole, TeamWithMembers, User } from './types';

const base = '/api/v1/teams';
const team = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const listTeams = () => http.get<{ teams: Team[] }>(base).then((r) => r.teams);
export const getTeam = (id: string) => http.get<TeamWithMembers>(team(id));
export const createTeam = (body: CreateTeamInput) => http.post<Team>(base, body);
export const updateTeam = (id: string, body: UpdateTeamInput) => http.patch<Team>(team(id), body);
export const deleteTeam = (id: string) => http.delete<void>(team(id));

export const inviteMember = (teamId: string, body: InviteMemberInput) =>
  http.post<Invitation>(`${team(teamId)}/invitations`, body);
export const listInvitations = (teamId: string) =>
  http.get<{ invitations: Invitation[] }>(`${team(teamId)}/invitations`).then((r) => r.invitations);
export const revokeInvitation = (teamId: string, invitationId: string) =>
  http.delete<void>(`${team(teamId)}/invitations/${encodeURIComponent(invitationId)}`);

const invitation = (id: string) => `/api/v1/invitations/${encodeURIComponent(id)}`;
export const myInvitations = () =>
  http.get<{ invitations: MyInvitation[] }>('/api/v1/invitations').then((r) => r.invitations);
export const acceptInvitation = (id: string) => http.post<Team>(`${invitation(id)}/accept`);
export const declineInvitation = (id: string) => http.post<void>(`${invitation(id)}/decline`);
export const changeRole = (teamId: string, userId: string, role: TeamRole) =>
  http.patch<Member>(`${team(teamId)}/members/${encodeURIComponent(userId)}`, {
    role,
  } satisfies ChangeRoleBody);
export const removeMember = (teamId: string, userId: string) =>
  http.delete<void>(`${team(teamId)}/members/${encodeURIComponent(userId)}`);

export const listUsers = () => http.get<{ users: User[] }>('/api/v1/users').then((r) => r.users);
export const createUser = (body: CreateUserInput) => http.post<User>('/api/v1/users', body);
