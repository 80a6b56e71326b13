import type { ConfigPlan } from '@gatehouse/schemas';
import { ACTIONS, fieldText, subject, summaryLine } from './plan-text';

const OP_LABEL = { '+': 'added', '-': 'removed', '~': 'changed' } as const;

/** A plan as Terraform shows one: changes grouped by action, each update's fields below it. */
export function PlanView({ plan }: { plan: ConfigPlan }) {
  return (
    <section className="plan" aria-labelledby="plan-heading">
      <h3 id="plan-heading">Plan</h3>
      <p className="plan-summary" data-testid="plan-summary">
        <strong>{summaryLine(plan)}</strong>
      </p>
      {ACTIONS.map(({ action, sign, heading }) => {
        const changes = plan.changes.filter((c) => c.action === action);
        if (changes.length === 0) return null;
        return (
          <div key={action} className={`plan-group plan-${action}`}>
            <h4>
              {heading} ({changes.length})
            </h4>
            <ul className="plan-list" aria-label={heading}>
              {changes.map((c) => (
                <li key={`${c.kind}/${c.team ?? ''}/${c.key}`}>
                  <span className="plan-sign" aria-hidden="true">
                    {sign}
                  </span>{' '}
                  {subject(c)}
                  {c.diff && c.diff.length > 0 ? (
                    <ul className="plan-diff">
                      {c.diff.map((d, i) => (
                        <li key={i} className={`plan-op-${OP_LABEL[d.op]}`}>
                          <span className="plan-sign" aria-hidden="true">
                            {d.op}
                          </span>{' '}
                          <span className="visually-hidden">{OP_LABEL[d.op]}: </span>
                          {fieldText(d)}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      {plan.kept.length > 0 ? (
        <div className="plan-group plan-kept">
          <h4>Not in the file, kept ({plan.kept.length})</h4>
          <p className="muted">Tick “Delete what the file does not list” and plan again to delete these.</p>
          <ul className="plan-list" aria-label="Not in the file, kept">
            {plan.kept.map((k) => (
              <li key={`${k.kind}/${k.team ?? ''}/${k.key}`}>{subject(k)}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
