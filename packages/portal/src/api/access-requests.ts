import type { CreateAccessRequestInput, DecisionBody } from '@gatehouse/schemas';
import { http, query } from './http';
import type { AccessRequest, AccessRequestStatus } from './types';

const base = '/api/v1/access-requests';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export type Box = 'inbox' | 'outbox' | 'all';

export const listAccessRequests = (box: Box, status?: AccessRequestStatus) =>
  http.get<{ accessRequests: AccessRequest[] }>(base + query({ box, status })).then((r) => r.accessRequests);

export const createAccessRequest = (body: CreateAccessRequestInput) => http.post<AccessRequest>(base, body);

export const approveAccessRequest = (id: string, comment?: string) =>
  http.post<AccessRequest>(`${one(id)}/approve`, { comment: comment || undefined } satisfies DecisionBody);
export const denyAccessRequest = (id: string, comment?: string) =>
  http.post<AccessRequest>(`${one(id)}/deny`, { comment: comment || undefined } satisfies DecisionBody);
export const cancelAccessRequest = (id: string) => http.post<AccessRequest>(`${one(id)}/cancel`);
