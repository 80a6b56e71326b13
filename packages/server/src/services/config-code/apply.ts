import type { ConfigApplied, ConfigFile } from '@gatehouse/schemas';
import { randomId } from '../../crypto/secrets.js';
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
    const { plan, planned, scopeTeam } = await planConfig({ ...settings, db: tx }, file, options);
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
        { type: 'config', id: randomId('cfg_', 10), teamId: scopeTeam?.id ?? null },
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
