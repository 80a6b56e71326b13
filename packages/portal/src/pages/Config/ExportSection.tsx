import { useState } from 'react';
import { exportConfigYaml } from '../../api/config-code';
import { errorMessage } from '../../api/error';
import { Alert } from '../../components/Alert';
import { CopyButton } from '../../components/CopyButton';

interface ExportSectionProps {
  /** Team id, or empty for every team the person may see. */
  team: string;
  /** Puts the export in the plan editor, the usual start of an edit. */
  onEdit: (yaml: string) => void;
}

/** Saves text as a file without a round trip: the export is already in memory. */
function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; a later tick frees it.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The registry as `gatehouse.yaml`, never with a secret: read it, download it, copy it. */
export function ExportSection({ team, onEdit }: ExportSectionProps) {
  const [state, setState] = useState<{ team: string; yaml: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // An export of another team than the one chosen now would mislead: it is dropped.
  const yaml = state?.team === team ? state.yaml : null;

  function run() {
    setBusy(true);
    setError(null);
    exportConfigYaml(team).then(
      (text) => {
        setState({ team, yaml: text });
        setBusy(false);
      },
      (caught: unknown) => {
        setError(errorMessage(caught));
        setBusy(false);
      },
    );
  }

  return (
    <section className="card" aria-labelledby="export-heading">
      <div className="section-header">
        <h2 id="export-heading">Export</h2>
        <button type="button" className="button" onClick={run} disabled={busy}>
          {busy ? 'Exporting…' : yaml === null ? 'Export' : 'Export again'}
        </button>
      </div>
      <p className="muted">
        The resource servers, roles and clients as they are now, as <code>gatehouse export</code> writes them.
        Secrets are never part of it. Keep the file under version control and change it there.
      </p>
      {error ? <Alert>{error}</Alert> : null}
      {yaml !== null ? (
        <>
          <textarea
            className="code-area"
            aria-label="Exported gatehouse.yaml"
            data-testid="export-yaml"
            readOnly
            spellCheck={false}
            rows={Math.min(24, Math.max(6, yaml.split('\n').length))}
            value={yaml}
          />
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              onClick={() => download(yaml, 'gatehouse.yaml')}
            >
              Download gatehouse.yaml
            </button>
            <CopyButton text={yaml} label="Copy" className="button" />
            <button type="button" className="button" onClick={() => onEdit(yaml)}>
              Edit and plan
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}
