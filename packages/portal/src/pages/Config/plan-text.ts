import type { ConfigChange, ConfigFieldDiff, ConfigPlan } from '@gatehouse/schemas';

/** Words the CLI's `gatehouse plan` uses too, so a plan reads the same in both. */
export const KIND_LABEL: Record<ConfigChange['kind'], string> = {
  resourceServer: 'resource server',
  client: 'client',
  role: 'role',
};

export const ACTIONS = [
  { action: 'create', sign: '+', heading: 'To create' },
  { action: 'update', sign: '~', heading: 'To change' },
  { action: 'delete', sign: '-', heading: 'To delete' },
] as const;

type Subject = Pick<ConfigChange, 'kind' | 'key' | 'team'>;

/** `client billing (team food)`; a resource server's identifier is global, so no team. */
export function subject(c: Subject): string {
  const team = c.team !== null && c.kind !== 'resourceServer' ? ` (team ${c.team})` : '';
  return `${KIND_LABEL[c.kind]} ${c.key}${team}`;
}

const show = (value: unknown): string => (value === undefined ? '' : JSON.stringify(value));

/** One field of an update, as `gatehouse plan` prints it: `name: "Old" → "New"`. */
export function fieldText(d: ConfigFieldDiff): string {
  if (d.op === '+') return `${d.field}: ${show(d.after)}`;
  if (d.op === '-') return d.before === undefined ? d.field : `${d.field}: ${show(d.before)}`;
  return `${d.field}: ${show(d.before)} → ${show(d.after)}`;
}

export function counts(plan: Pick<ConfigPlan, 'changes'>): Record<ConfigChange['action'], number> {
  const n = (action: ConfigChange['action']) => plan.changes.filter((c) => c.action === action).length;
  return { create: n('create'), update: n('update'), delete: n('delete') };
}

/** `3 to create, 1 to change, 0 to delete.`, or that there is nothing to do. */
export function summaryLine(plan: Pick<ConfigPlan, 'changes'>): string {
  if (plan.changes.length === 0) return 'No changes: the registry matches the file.';
  const n = counts(plan);
  return `${n.create} to create, ${n.update} to change, ${n.delete} to delete.`;
}
