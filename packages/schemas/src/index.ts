export * from './client.js';
export * from './common.js';
export { formatIssues } from './format-issues.js';
export * from './resource-server.js';
export { suggest } from './suggest.js';
export * from './access-request.js';
export * from './admin-api.js';
export * from './team.js';
export * from './invitation.js';
