import { type ChangeEvent, useRef } from 'react';
import { type EditorError, lineRange } from './editor-errors';

interface YamlEditorProps {
  value: string;
  onChange: (text: string) => void;
  error: EditorError | null;
}

/** The one editor on the page, so the export's "Edit and plan" can move focus to it. */
export const EDITOR_ID = 'config-editor';

/** The file to plan: typed, pasted or opened, with the server's problems tied to it. */
export function YamlEditor({ value, onChange, error }: YamlEditorProps) {
  const id = EDITOR_ID;
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  function open(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    file.text().then(onChange, () => undefined);
    // Opening the same file again after editing it should read it again.
    event.target.value = '';
  }

  function goTo(line: number) {
    const area = areaRef.current;
    if (!area) return;
    const [start, end] = lineRange(area.value, line);
    area.focus();
    area.setSelectionRange(start, end);
  }

  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <div className="editor-label">
        <label htmlFor={id}>gatehouse.yaml</label>
        <label className="button button-small file-button">
          Open a file…
          <input
            type="file"
            className="visually-hidden"
            accept=".yaml,.yml,.json,application/yaml,text/yaml"
            onChange={open}
          />
        </label>
      </div>
      <textarea
        ref={areaRef}
        id={id}
        className="code-area"
        rows={18}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error !== null}
        aria-describedby={[error ? errorId : '', hintId].filter(Boolean).join(' ')}
      />
      {error ? (
        <div className="editor-error" id={errorId} role="alert" data-testid="editor-error">
          <p className="field-error">{error.message}</p>
          {error.issues.length > 0 ? (
            <ul>
              {error.issues.map((issue, i) => (
                <li key={i}>
                  {issue.line !== undefined ? (
                    <button type="button" className="link-button" onClick={() => goTo(issue.line ?? 1)}>
                      Line {issue.line}
                    </button>
                  ) : null}
                  {issue.line !== undefined ? ': ' : null}
                  {issue.text}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <p className="field-hint" id={hintId}>
        Paste or open the file, or start from an export. Plan shows what would change; nothing is written
        until you apply.
      </p>
    </div>
  );
}
