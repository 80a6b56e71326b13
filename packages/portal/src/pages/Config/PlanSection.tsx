import type { ConfigApplied, ConfigPlan } from '@gatehouse/schemas';
import { useEffect, useRef, useState } from 'react';
import { applyConfig, planConfig, type RunOptions } from '../../api/config-code';
import { Alert } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CreatedSecretsBox } from './CreatedSecretsBox';
import { type EditorError, editorError } from './editor-errors';
import { counts, summaryLine } from './plan-text';
import { PlanView } from './PlanView';
import { EDITOR_ID, YamlEditor } from './YamlEditor';

interface PlanSectionProps {
  /** Team id, or empty for every team (platform admins). */
  team: string;
  text: string;
  onTextChange: (text: string) => void;
  /** The registry has changed: an export on screen is out of date. */
  onApplied: () => void;
}

/** What a plan was made of: apply sends exactly this, and only while the editor still says it. */
interface Planned {
  text: string;
  options: RunOptions;
  plan: ConfigPlan;
}

const appliedLine = (applied: ConfigApplied) => {
  const n = counts(applied);
  return `Applied: ${n.create} created, ${n.update} changed, ${n.delete} deleted.`;
};

/** Plan a file against the registry, then apply that very plan in one transaction. */
export function PlanSection({ team, text, onTextChange, onApplied }: PlanSectionProps) {
  const [prune, setPrune] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<EditorError | null>(null);
  const [planned, setPlanned] = useState<Planned | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [applied, setApplied] = useState<ConfigApplied | null>(null);
  const [secrets, setSecrets] = useState<ConfigApplied['secrets']>([]);
  // One live region that stays on the page, so each new plan's summary is read out.
  const [announcement, setAnnouncement] = useState('');
  const resultRef = useRef<HTMLDivElement>(null);

  // The dialog gave focus back to Apply, which a spent plan disables: the outcome takes it.
  useEffect(() => {
    if (applied) resultRef.current?.focus();
  }, [applied]);

  const options: RunOptions = { team, prune };
  const current =
    planned !== null &&
    planned.text === text &&
    planned.options.team === team &&
    planned.options.prune === prune;
  const canApply = current && planned.plan.changes.length > 0 && !busy;

  function plan() {
    if (!text.trim()) {
      setError({ message: 'Paste or open a gatehouse.yaml first.', issues: [] });
      return;
    }
    setBusy(true);
    setError(null);
    setApplied(null);
    const asked = { text, options };
    planConfig(text, options).then(
      (result) => {
        setPlanned({ ...asked, plan: result });
        setAnnouncement(`Plan: ${summaryLine(result)}`);
        setBusy(false);
      },
      (caught: unknown) => {
        setPlanned(null);
        setError(editorError(caught));
        setBusy(false);
      },
    );
  }

  async function apply(what: Planned): Promise<void> {
    setConfirming(false);
    setBusy(true);
    try {
      const result = await applyConfig(what.text, what.options);
      setApplied(result);
      setSecrets(result.secrets);
      onApplied();
    } catch (caught) {
      setError(editorError(caught));
      document.getElementById(EDITOR_ID)?.focus();
    } finally {
      // Applied or refused, the plan is spent: the registry may have moved on.
      setPlanned(null);
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="plan-section-heading">
      <h2 id="plan-section-heading">Plan and apply</h2>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <div ref={resultRef} tabIndex={-1} className="apply-result">
        {secrets.length > 0 ? <CreatedSecretsBox secrets={secrets} onDone={() => setSecrets([])} /> : null}
        {applied ? (
          <Alert kind="success">
            <span data-testid="applied-summary">{appliedLine(applied)}</span> Plan again to check: it should
            show no changes.
          </Alert>
        ) : null}
      </div>
      <form
        className="stack"
        aria-label="Plan a configuration file"
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) plan();
        }}
      >
        <YamlEditor value={text} onChange={onTextChange} error={error} />
        <div className="prune-option">
          <label className="check">
            <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} />
            <span>
              Delete what the file does not list (prune)
              <span className="check-text">
                Without this, nothing is ever deleted: what the file leaves out is kept and listed. With it,
                every resource server, role and client {team ? 'of this team ' : ''}that the file does not
                list is deleted, and its tokens stop working.
              </span>
            </span>
          </label>
        </div>
        <div className="button-row">
          {/* The next step is the primary one: Plan, then Apply once there is a plan to apply. */}
          <button type="submit" className={`button${canApply ? '' : ' button-primary'}`} disabled={busy}>
            {busy ? 'Working…' : 'Plan'}
          </button>
          <button
            type="button"
            className={`button${canApply ? ' button-primary' : ''}`}
            disabled={!canApply}
            aria-describedby="apply-hint"
            onClick={() => setConfirming(true)}
          >
            Apply
          </button>
          <span className="field-hint" id="apply-hint">
            {current
              ? planned.plan.changes.length > 0
                ? 'Applies exactly this plan.'
                : 'Nothing to apply.'
              : 'Plan first: Apply follows a plan of the text and options as they are now.'}
          </span>
        </div>
      </form>
      {current ? <PlanView plan={planned.plan} /> : null}
      {confirming && current ? (
        <ConfirmDialog
          title="Apply this plan?"
          confirmLabel="Apply"
          danger={counts(planned.plan).delete > 0}
          onClose={() => setConfirming(false)}
          onConfirm={() => apply(planned)}
        >
          <p data-testid="confirm-summary">
            <strong>{summaryLine(planned.plan)}</strong>
          </p>
          <p>
            Every change lands, or none does. Clients and caches follow within a second.
            {counts(planned.plan).delete > 0
              ? ' Deleted resource servers, roles and clients cannot be brought back.'
              : ''}
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
