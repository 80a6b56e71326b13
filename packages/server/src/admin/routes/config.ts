import {
  type ConfigFile,
  configAppliedSchema,
  configFileSchema,
  configPlanSchema,
  configRunBodySchema,
  text,
} from '@gatehouse/schemas';
import { z } from 'zod';
import { NO_STORE } from '../../http/respond.js';
import { CONFIG_SCHEMA_PATH, configYaml } from '../../services/config-code/export.js';
import type { RunOptions } from '../../services/config-code/model.js';
import { type LocatedIssue, MAX_CONFIG_BYTES, parseConfigText } from '../../services/config-code/parse.js';
import { ValidationError } from '../../services/errors.js';
import { ANSWERED, route } from '../route.js';

const TAG = 'Configuration as code';

/** With a YAML body, the flags travel in the query: `?prune=true&team=payments`. */
const runQuery = z.object({
  prune: z.enum(['true', 'false']).optional(),
  team: text().min(1).max(100).optional(),
});

type RunBody = z.output<typeof configRunBodySchema> | { yaml: string };

/** The file and the run's options from either body: JSON `{ config, prune, team }`, or the YAML file itself. */
function runInput(
  body: RunBody,
  query: z.output<typeof runQuery>,
): { file: ConfigFile; options: RunOptions } {
  if ('yaml' in body) {
    try {
      const { file } = parseConfigText(body.yaml);
      return { file, options: { prune: query.prune === 'true', team: query.team } };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // The answer's issues keep their paths; the line goes in front of the message.
      throw new ValidationError(
        error.issues.map((issue: LocatedIssue) => ({
          ...issue,
          message: issue.line === undefined ? issue.message : `line ${issue.line}: ${issue.message}`,
        })),
      );
    }
  }
  return {
    file: body.config,
    options: { prune: body.prune || query.prune === 'true', team: body.team ?? query.team },
  };
}

export const configRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/config/export',
    summary:
      'The resource servers and clients I may see, as a config file (never secrets); format=yaml for gatehouse.yaml',
    tag: TAG,
    query: z.object({ team: text().min(1).max(100).optional(), format: z.enum(['json', 'yaml']).optional() }),
    response: configFileSchema,
    async handler({ server, actor, query, res }) {
      const file = await server.gatehouse.configCode.export(actor, { team: query.team });
      if (query.format !== 'yaml') return file;
      res.writeHead(200, { 'content-type': 'application/yaml; charset=utf-8', ...NO_STORE });
      res.end(configYaml(file, server.issuer + CONFIG_SCHEMA_PATH));
      return ANSWERED;
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/config/plan',
    summary: 'What applying the file would create, change and delete; nothing is written',
    tag: TAG,
    body: configRunBodySchema,
    yamlBody: true,
    bodyLimit: MAX_CONFIG_BYTES,
    query: runQuery,
    response: configPlanSchema,
    async handler({ server, actor, body, query }) {
      const { file, options } = runInput(body as RunBody, query);
      return server.gatehouse.configCode.plan(actor, file, options);
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/config/apply',
    summary:
      "Make the registry match the file in one transaction; new clients' secrets are in this answer only",
    tag: TAG,
    body: configRunBodySchema,
    yamlBody: true,
    bodyLimit: MAX_CONFIG_BYTES,
    query: runQuery,
    response: configAppliedSchema,
    async handler({ server, actor, body, query }) {
      const { file, options } = runInput(body as RunBody, query);
      return server.gatehouse.configCode.apply(actor, file, options);
    },
  }),
];
