import type { ConfigApplied, ConfigPlan } from '@gatehouse/schemas';
import { http, query, RawBody, request } from './http';

/** How a plan or apply is bounded: one team (id or slug; empty for every team), and pruning. */
export interface RunOptions {
  team: string;
  prune: boolean;
}

const base = '/api/v1/config';

/** `gatehouse.yaml` as the CLI's `export` writes it: never a secret. */
export const exportConfigYaml = (team: string) =>
  http.get<string>(`${base}/export` + query({ team, format: 'yaml' }), { text: true });

// The file goes as YAML, not JSON, so that the server's errors name its lines.
const run = <T>(action: 'plan' | 'apply', yaml: string, options: RunOptions) =>
  request<T>(
    'POST',
    `${base}/${action}` + query({ team: options.team, prune: options.prune ? 'true' : undefined }),
    new RawBody('application/yaml', yaml),
  );

export const planConfig = (yaml: string, options: RunOptions) => run<ConfigPlan>('plan', yaml, options);

/** The answer carries the new clients' secrets: the only time they are shown. */
export const applyConfig = (yaml: string, options: RunOptions) => run<ConfigApplied>('apply', yaml, options);
