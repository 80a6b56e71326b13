import { ApiError } from '../../api/error';

/** One problem with the file, and its line when the server could tell. */
export interface EditorIssue {
  line?: number;
  text: string;
}

export interface EditorError {
  /** What went wrong as a whole: a refusal (403), a missing team, the network. */
  message: string;
  issues: EditorIssue[];
}

/** The server puts a YAML issue's line in front of its message: `line 7: must be at least 60 seconds`. */
const LINE = /^line (\d+): /;

/** A failed plan or apply, in the words and lines the editor shows next to the file. */
export function editorError(error: unknown): EditorError {
  if (!(error instanceof ApiError)) {
    return { message: error instanceof Error ? error.message : 'Something went wrong.', issues: [] };
  }
  if (error.code === 'validation_failed' && error.issues.length > 0) {
    const issues = error.issues.map(({ path, message }) => {
      const found = LINE.exec(message);
      const rest = found ? message.slice(found[0].length) : message;
      return {
        ...(found ? { line: Number(found[1]) } : {}),
        text: path ? `${path}: ${rest}` : rest,
      };
    });
    const n = issues.length;
    return { message: n === 1 ? 'The file has a problem:' : `The file has ${n} problems:`, issues };
  }
  if (error.status === 403) return { message: `Not allowed: ${error.message}`, issues: [] };
  return { message: error.message, issues: [] };
}

/** Where line `line` (1-based) of `text` starts and ends, to select it. */
export function lineRange(text: string, line: number): [number, number] {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next === -1) break;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return [start, end === -1 ? text.length : end];
}
