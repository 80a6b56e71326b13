import type {
  AppClient,
  CreateAppClientInput,
  CreatedAppClient,
  CreatePoolGroupInput,
  CreatePoolUserInput,
  CreateUserPoolInput,
  PoolGroup,
  PoolSession,
  PoolSignOutResult,
  PoolSignUpInput,
  PoolSignUpResult,
  PoolUser,
  PoolUserGroups,
  SetPoolUserPasswordBody,
  UpdateAppClientInput,
  UpdateUserPoolInput,
  UserPool,
} from '@gatehouse/schemas';
import { http, query } from './http';

const base = '/api/v1/user-pools';
const pool = (poolId: string) => `${base}/${encodeURIComponent(poolId)}`;
const client = (poolId: string, clientId: string) =>
  `${pool(poolId)}/clients/${encodeURIComponent(clientId)}`;
const user = (poolId: string, username: string) => `${pool(poolId)}/users/${encodeURIComponent(username)}`;
const member = (poolId: string, group: string, username: string) =>
  `${pool(poolId)}/groups/${encodeURIComponent(group)}/members/${encodeURIComponent(username)}`;

export const listUserPools = (filter: { team?: string; q?: string } = {}) =>
  http.get<{ userPools: UserPool[] }>(base + query(filter)).then((r) => r.userPools);
export const getUserPool = (poolId: string) => http.get<UserPool>(pool(poolId));
export const createUserPool = (body: CreateUserPoolInput) => http.post<UserPool>(base, body);
export const updateUserPool = (poolId: string, body: UpdateUserPoolInput) =>
  http.patch<UserPool>(pool(poolId), body);
export const deleteUserPool = (poolId: string) => http.delete<void>(pool(poolId));

export const listAppClients = (poolId: string) =>
  http.get<{ clients: AppClient[] }>(`${pool(poolId)}/clients`).then((r) => r.clients);
export const createAppClient = (poolId: string, body: CreateAppClientInput) =>
  http.post<CreatedAppClient>(`${pool(poolId)}/clients`, body);
export const updateAppClient = (poolId: string, clientId: string, body: UpdateAppClientInput) =>
  http.patch<AppClient>(client(poolId, clientId), body);
export const deleteAppClient = (poolId: string, clientId: string) =>
  http.delete<void>(client(poolId, clientId));
export const rotateAppClientSecret = (poolId: string, clientId: string) =>
  http.post<CreatedAppClient>(`${client(poolId, clientId)}/secret`);

export const listPoolUsers = (poolId: string, search?: string, limit?: number) =>
  http.get<{ users: PoolUser[] }>(`${pool(poolId)}/users` + query({ search, limit })).then((r) => r.users);
export const createPoolUser = (poolId: string, body: CreatePoolUserInput) =>
  http.post<PoolUser>(`${pool(poolId)}/users`, body);
export const deletePoolUser = (poolId: string, username: string) => http.delete<void>(user(poolId, username));
export const changePoolUserState = (
  poolId: string,
  username: string,
  action: 'confirm' | 'enable' | 'disable',
) => http.post<PoolUser>(`${user(poolId, username)}/${action}`);
export const setPoolUserPassword = (poolId: string, username: string, body: SetPoolUserPasswordBody) =>
  http.put<PoolUser>(`${user(poolId, username)}/password`, body);
export const signOutPoolUser = (poolId: string, username: string) =>
  http.post<PoolSignOutResult>(`${user(poolId, username)}/sign-out`);
export const listPoolUserSessions = (poolId: string, username: string) =>
  http.get<{ sessions: PoolSession[] }>(`${user(poolId, username)}/sessions`).then((r) => r.sessions);
export const revokePoolUserSession = (poolId: string, username: string, sessionId: string) =>
  http.delete<void>(`${user(poolId, username)}/sessions/${encodeURIComponent(sessionId)}`);

export const listPoolGroups = (poolId: string) =>
  http.get<{ groups: PoolGroup[] }>(`${pool(poolId)}/groups`).then((r) => r.groups);
export const createPoolGroup = (poolId: string, body: CreatePoolGroupInput) =>
  http.post<PoolGroup>(`${pool(poolId)}/groups`, body);
export const deletePoolGroup = (poolId: string, name: string) =>
  http.delete<void>(`${pool(poolId)}/groups/${encodeURIComponent(name)}`);
export const addPoolGroupMember = (poolId: string, group: string, username: string) =>
  http.put<PoolUserGroups>(member(poolId, group, username), {});
export const removePoolGroupMember = (poolId: string, group: string, username: string) =>
  http.delete<PoolUserGroups>(member(poolId, group, username));

export const signUpPoolUser = (poolId: string, body: PoolSignUpInput) =>
  http.post<PoolSignUpResult>(`${pool(poolId)}/sign-ups`, body);
export const resendConfirmationCode = (poolId: string, username: string) =>
  http.post<PoolSignUpResult>(`${user(poolId, username)}/confirmation-code`);
