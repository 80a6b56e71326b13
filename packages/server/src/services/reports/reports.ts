import {
  type SecretsReport,
  type SecretsReportQuery,
  secretsReportQuerySchema,
  type StaleClientsReport,
  toIssues,
  type UnusedScopesReport,
  type UsageReportQuery,
  usageReportQuerySchema,
} from '@gatehouse/schemas';
import type { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Db } from '../../store/db.js';
import type { Actor } from '../actor.js';
import { ValidationError } from '../errors.js';
import { reportScope } from './report-scope.js';
import { secretsReport } from './secrets-report.js';
import { staleClients } from './stale-clients.js';
import { unusedScopes } from './unused-scopes.js';

export interface SecretPolicySettings {
  maxAgeDays: number;
  expiryWarningDays: number;
}

/**
 * Hygiene reports: access granted but not used, credentials past their prime. Reads only;
 * usage is what the token path counted and saved (up to a maintenance interval late).
 */
export class ReportService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly policy: SecretPolicySettings,
  ) {}

  async staleClients(query: UsageReportQuery, actor: Actor): Promise<StaleClientsReport> {
    const { days, team } = parse(usageReportQuerySchema, query);
    return staleClients(this.db, await reportScope(this.db, actor, team), this.clock.now(), days);
  }

  async unusedScopes(query: UsageReportQuery, actor: Actor): Promise<UnusedScopesReport> {
    const { days, team } = parse(usageReportQuerySchema, query);
    return unusedScopes(this.db, await reportScope(this.db, actor, team), this.clock.now(), days);
  }

  async secrets(query: SecretsReportQuery, actor: Actor): Promise<SecretsReport> {
    const value = parse(secretsReportQuerySchema, query);
    return secretsReport(this.db, await reportScope(this.db, actor, value.team), this.clock.now(), {
      maxAgeDays: value.maxAgeDays ?? this.policy.maxAgeDays,
      expiringWithinDays: value.expiringWithinDays ?? this.policy.expiryWarningDays,
    });
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
  return parsed.data;
}
