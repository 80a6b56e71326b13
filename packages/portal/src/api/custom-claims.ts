import type {
  Claims,
  ClaimsView,
  SetTokenHookInput,
  TokenHookView,
  TokenHookWithSecret,
} from '@gatehouse/schemas';
import { http } from './http';

const clientPath = (id: string) => `/api/v1/clients/${encodeURIComponent(id)}/claims`;
const rsPath = (id: string) => `/api/v1/resource-servers/${encodeURIComponent(id)}`;

export const getClientClaims = (id: string) => http.get<ClaimsView>(clientPath(id));
export const putClientClaims = (id: string, claims: Claims) =>
  http.put<ClaimsView>(clientPath(id), { claims });
export const getResourceServerClaims = (id: string) => http.get<ClaimsView>(`${rsPath(id)}/claims`);
export const putResourceServerClaims = (id: string, claims: Claims) =>
  http.put<ClaimsView>(`${rsPath(id)}/claims`, { claims });

export const getTokenHook = (id: string) => http.get<TokenHookView>(`${rsPath(id)}/hook`);
export const putTokenHook = (id: string, input: SetTokenHookInput) =>
  http.put<TokenHookWithSecret>(`${rsPath(id)}/hook`, input);
export const deleteTokenHook = (id: string) => http.delete<TokenHookView>(`${rsPath(id)}/hook`);
export const rotateTokenHookSecret = (id: string) =>
  http.post<TokenHookWithSecret>(`${rsPath(id)}/hook/rotate-secret`);
