import type { ConfigChange, ConfigFieldDiff, ConfigPlan } from '@gatehouse/schemas';
import type { Output } from './output.js';

const SIGN = { create: '+', update: '~', delete: '-' } as const;
const KIND = { resourceServer: 'resource server', client: 'client', role: 'role' } as const;

const show = (value: unknown): string => (value === undefined ? '' : JSON.stringify(value));

function subject(c: { kind: ConfigChange['kind']; key: string; team: string | null }): string {
  return `${KIND[c.kind]} ${c.key}${c.team !== null && c.kind !== 'resourceServer' ? ` (team ${c.team})` : ''}`;
}

function fieldLine(d: ConfigFieldDiff): string {
  if (d.op === '+') return `    + ${d.field}: ${show(d.after)}`;
  if (d.op === '-') return `    - ${d.field}${d.before === undefined ? '' : `: ${show(d.before)}`}`;
  return `    ~ ${d.field}: ${show(d.before)} → ${show(d.after)}`;
}

/** `Plan: 2 to create, 1 to change, 0 to delete.` */
export function summaryLine(plan: Pick<ConfigPlan, 'changes'>): string {
  const n = count(plan);
  return `Plan: ${n('create')} to create, ${n('update')} to change, ${n('delete')} to delete.`;
}

/** `Applied: 2 created, 1 changed, 0 deleted.` */
export function appliedLine(plan: Pick<ConfigPlan, 'changes'>): string {
  const n = count(plan);
  return `Applied: ${n('create')} created, ${n('update')} changed, ${n('delete')} deleted.`;
}

const count = (plan: Pick<ConfigPlan, 'changes'>) => (action: ConfigChange['action']) =>
  plan.changes.filter((c) => c.action === action).length;

/** The plan as Terraform shows one: a line per change, field-level differences under updates. */
export function printPlan(out: Output, plan: ConfigPlan, summary = summaryLine): void {
  for (const change of plan.changes) {
    out.line(`${SIGN[change.action]} ${change.action} ${subject(change)}`);
    for (const d of change.diff ?? []) out.line(fieldLine(d));
  }
  for (const kept of plan.kept) out.line(`  ${subject(kept)}: not in file, kept (use --prune to delete)`);
  if (plan.changes.length > 0 || plan.kept.length > 0) out.line();
  out.line(plan.changes.length === 0 ? 'No changes: the store matches the file.' : summary(plan));
}
