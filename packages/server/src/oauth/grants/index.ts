import { clientCredentials } from './client-credentials.js';
import type { Grant } from './grant.js';

export const GRANTS: ReadonlyMap<string, Grant> = new Map([[clientCredentials.grantType, clientCredentials]]);
