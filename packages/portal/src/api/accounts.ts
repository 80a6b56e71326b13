import type { AccountSession, ChangePasswordInput, EndedSessions, User } from '@gatehouse/schemas';
import { http, query } from './http';

/** Portal accounts: what platform admins do to anyone's, and what a person does to their own. */
const user = (id: string) => `/api/v1/users/${encodeURIComponent(id)}`;

export const getUser = (id: string) => http.get<User>(user(id));
export const setPassword = (id: string, password: string) =>
  http.put<User>(`${user(id)}/password`, { password });
export const disableUser = (id: string) => http.post<User>(`${user(id)}/disable`);
export const enableUser = (id: string) => http.post<User>(`${user(id)}/enable`);
export const deleteUser = (id: string, confirm?: string) =>
  http.delete<void>(`${user(id)}${query({ confirm })}`);
export const userSessions = (id: string) =>
  http.get<{ sessions: AccountSession[] }>(`${user(id)}/sessions`).then((r) => r.sessions);
export const endUserSessions = (id: string, sessionId?: string) =>
  http.delete<EndedSessions>(
    `${user(id)}/sessions${sessionId === undefined ? '' : `/${encodeURIComponent(sessionId)}`}`,
  );

export const changeMyPassword = (body: ChangePasswordInput) => http.post<void>('/api/v1/me/password', body);
export const mySessions = () =>
  http.get<{ sessions: AccountSession[] }>('/api/v1/me/sessions').then((r) => r.sessions);
export const endMySessions = (sessionId?: string) =>
  http.delete<EndedSessions>(
    `/api/v1/me/sessions${sessionId === undefined ? '' : `/${encodeURIComponent(sessionId)}`}`,
  );
