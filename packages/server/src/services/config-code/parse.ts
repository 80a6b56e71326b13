import { type ConfigFile, configFileSchema, toIssues, type ValidationIssue } from '@gatehouse/schemas';
import { LineCounter, parseDocument } from 'yaml';
import { ValidationError } from '../errors.js';
import { lineOf } from './locate.js';

/** A problem in the file, with the line it is on when the file says. */
export interface LocatedIssue extends ValidationIssue {
  line?: number | undefined;
}

/** A validated file, and a way back from a field path to its line for errors found later. */
export interface ParsedConfig {
  file: ConfigFile;
  lineOf(path: string): number | undefined;
}

/** Bigger than any registry's file; a bound on what the parser is asked to read. */
export const MAX_CONFIG_BYTES = 5 * 1024 * 1024;

/**
 * Reads `gatehouse.yaml` (JSON is YAML too). Syntax errors and every schema problem come back
 * as one ValidationError whose issues carry their line.
 */
export function parseConfigText(text: string): ParsedConfig {
  if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) {
    throw new ValidationError([
      { path: '', message: `the file is larger than ${MAX_CONFIG_BYTES} bytes`, code: 'too_big' },
    ]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  // One syntax error tends to cause more further on; the first is the one to fix.
  const [first] = doc.errors;
  if (first) {
    const issue: LocatedIssue = {
      path: '',
      message: (first.message.split('\n')[0] ?? first.message).replace(/ at line \d+, column \d+:?$/, ''),
      code: 'yaml_syntax',
      line: first.linePos?.[0].line,
    };
    throw new ValidationError([issue]);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    throw new ValidationError([{ path: '', message: (error as Error).message, code: 'yaml_syntax' }]);
  }
  const locate = (path: string) => lineOf(doc, lines, path);
  const parsed = configFileSchema.safeParse(value);
  if (!parsed.success) {
    throw new ValidationError(
      toIssues(parsed.error).map((issue) => ({ ...issue, line: locate(issue.path) })),
    );
  }
  return { file: parsed.data, lineOf: locate };
}
