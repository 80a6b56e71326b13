import type { ConfigApplied, ConfigFile } from '@gatehouse/schemas';
import { randomId } from '../../crypto/secrets.js';
import type { TeamRow } from '../../store/repos/people.js';
import { recordAudit } from '../audit.js';
import { forEntry } from './located.js';
import { type ApplyContext, PHASES, type RunOptions } from './model.js';
import { type PlanSettings, planConfig } from './plan.js';

/**
 * Plans and applies in one transaction: every change lands, or none does. Each entity's
 * audit entry and change-log entry are written beside it, as the individual operations write
 * them, so caches on every instance follow; one `config.apply` entry sums the run up.
 */
export async function applyConfig(
  settings: PlanSettings,
  file: ConfigFile,
  options: RunOptions,
): Promise<ConfigApplied> {
  const { clock, actor } = settings;
  return settings.db.transaction(async (tx) => {
    const { plan, planned, scopeTeam, teams } = await planConfig({ ...settings, db: tx }, file, options);
    const run: ApplyContext = {
      clock,
      actor,
      allowHttpJwksUri: settings.allowHttpJwksUri,
      secrets: [],
      created: [],
    };
    for (const phase of PHASES) {
      for (const p of planned.filter((c) => c.phase === phase)) {
        const where = p.where ?? { path: '', label: `${p.change.kind} "${p.change.key}"` };
        await forEntry(where.path, where.label, () => p.run(tx, run));
      }
    }
    if (planned.length > 0) {
      const counts = (action: string) => plan.changes.filter((c) => c.action === action).length;
      await recordAudit(
        tx,
        clock,
        actor,
        'config.apply',
        { type: 'config', id: randomId('cfg_', 10), teamId: summaryTeam(plan.changes, scopeTeam, teams) },
        null,
        {
          team: scopeTeam?.slug ?? null,
          prune: options.prune === true,
          created: counts('create'),
          updated: counts('update'),
          deleted: counts('delete'),
          changes: plan.changes.map(({ action, kind, key, team }) => ({ action, kind, key, team })),
        },
      );
    }
    return {
      ...plan,
      created: run.created,
      secrets: run.secrets.map((s) => ({
        name: s.name,
        team: s.team,
        clientId: s.clientId,
        secretId: s.id,
        secret: s.value,
      })),
    };
  });
}

/**
 * The team the summary entry belongs to, so that team's members read it in their audit log:
 * the run's team, or the one team every change was in; null (platform admins) when it spans teams.
 */
function summaryTeam(
  changes: readonly { team: string | null }[],
  scopeTeam: TeamRow | null,
  teams: readonly TeamRow[],
): string | null {
  if (scopeTeam) return scopeTeam.id;
  const slugs = new Set(changes.map((c) => c.team));
  const [only] = slugs;
  if (slugs.size !== 1 || only === null || only === undefined) return null;
  return teams.find((t) => t.slug === only)?.id ?? null;
}
