import { readFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { type ConfigIssue, formatPath, GatewayConfigError } from './errors.js';
import { checkKeyFiles } from './key-files.js';
import { lineOf, lineOfKey } from './locate.js';
import {
  type GatewayConfig,
  type GatewayConfigInput,
  gatewayConfigSchema,
  routeSchema,
  signedClaimsSchema,
  timeoutsSchema,
} from './schema.js';
import { suggest } from '@gatehouse/schemas';

export type ConfigFormat = 'yaml' | 'json';

/**
 * Reads and validates a gateway config file: YAML for `.yaml`/`.yml`, JSON for `.json`.
 * Throws {@link GatewayConfigError} naming the file, line and setting of every problem.
 *
 * @example
 * const config = await loadGatewayConfig('gateway.yaml');
 * const gateway = await startGateway(config);
 */
export async function loadGatewayConfig(path: string): Promise<GatewayConfig> {
  const format = formatOf(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(code);
    throw new GatewayConfigError(path, [{ path: '', message: `cannot read the config: ${why}` }]);
  }
  return parseGatewayConfig(text, { filename: path, format, baseDir: dirname(path) });
}

function formatOf(path: string): ConfigFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  throw new GatewayConfigError(path, [
    { path: '', message: 'the config file name must end in .yaml, .yml or .json' },
  ]);
}

/**
 * Validates config text. `filename` only names the source in messages; a relative
 * `signedClaims.keyFile` is read from `baseDir` (the current folder by default).
 *
 * @example
 * const config = parseGatewayConfig(text, { filename: 'gateway.yaml', format: 'yaml' });
 */
export function parseGatewayConfig(
  text: string,
  { filename, format, baseDir }: { filename: string; format: ConfigFormat; baseDir?: string },
): GatewayConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  let value: unknown;
  if (format === 'json') {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new GatewayConfigError(filename, [jsonSyntaxIssue(error, text)]);
    }
    // JSON.parse keeps the last of two equal keys; a config that says a thing twice is a mistake.
    const duplicates = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
    if (duplicates.length > 0) throw new GatewayConfigError(filename, duplicates.map(yamlIssue));
  } else {
    // One syntax error tends to cause more further on; the first is the one to fix.
    const [first] = doc.errors;
    if (first) throw new GatewayConfigError(filename, [yamlIssue(first)]);
    value = doc.toJS({ maxAliasCount: 100 });
  }
  if (value === null || value === undefined) {
    throw new GatewayConfigError(filename, [
      { line: 1, path: '', message: 'the config is empty; it needs at least listen, issuer and routes' },
    ]);
  }
  const located = (path: readonly PropertyKey[]) =>
    doc.errors.length > 0 ? undefined : lineOf(doc, lines, path);
  const keyLine = (path: readonly PropertyKey[], key: string) =>
    doc.errors.length > 0 ? undefined : lineOfKey(doc, lines, path, key);
  return validate(value, filename, located, keyLine, baseDir);
}

/** Validates a config object (no file, so no lines; a relative keyFile is read from the current folder). */
export function validateGatewayConfig(input: GatewayConfigInput | GatewayConfig): GatewayConfig {
  return validate(
    input,
    undefined,
    () => undefined,
    () => undefined,
  );
}

function validate(
  value: unknown,
  filename: string | undefined,
  line: (path: readonly PropertyKey[]) => number | undefined,
  keyLine: (path: readonly PropertyKey[], key: string) => number | undefined,
  baseDir?: string,
): GatewayConfig {
  const result = gatewayConfigSchema.safeParse(value, { error: friendlyMessage });
  if (result.success) {
    checkKeyFiles(result.data, filename, line, baseDir);
    return result.data;
  }
  const issues: ConfigIssue[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const known = knownKeys(issue.path);
        const hint = suggest(key, known);
        issues.push({
          line: keyLine(issue.path, key),
          path: formatPath([...issue.path, key]),
          message: `unknown setting${hint ? `; did you mean "${hint}"?` : ''}${known.length ? ` (known: ${known.join(', ')})` : ''}`,
        });
      }
    } else {
      issues.push({ line: line(issue.path), path: formatPath(issue.path), message: issue.message });
    }
  }
  issues.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  throw new GatewayConfigError(filename, issues);
}

/** zod's wording, made to read as advice about a config file. */
const friendlyMessage: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    const expected = issue.expected === 'int' ? 'a whole number' : `a ${String(issue.expected)}`;
    return `must be ${expected === 'a array' ? 'a list' : expected === 'a object' ? 'a mapping' : expected}, got ${describe(issue.input)}`;
  }
  if (issue.code === 'invalid_value') {
    return `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'number')
    return `must be at least ${String(issue.minimum)}`;
  if (issue.code === 'too_big' && issue.origin === 'number')
    return `must be at most ${String(issue.maximum)}`;
  return undefined;
};

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return `"${input.length > 40 ? `${input.slice(0, 40)}…` : input}"`;
  return String(input);
}

function knownKeys(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(gatewayConfigSchema.shape);
  if (path[0] === 'routes') return Object.keys(routeSchema.shape);
  if (path[0] === 'timeouts') return Object.keys(timeoutsSchema.shape);
  if (path[0] === 'signedClaims') return Object.keys(signedClaimsSchema.shape);
  if (path[0] === 'revocation') return ['pollIntervalSeconds', 'graceSeconds', 'failOpen'];
  return [];
}

function yamlIssue(error: YAMLError): ConfigIssue {
  const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
  return { line: error.linePos?.[0].line, path: '', message };
}

function jsonSyntaxIssue(error: unknown, text: string): ConfigIssue {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  let line: number | undefined;
  if (position?.[1] !== undefined) line = text.slice(0, Number(position[1])).split('\n').length;
  else if (/end of JSON input/i.test(message)) line = text.split('\n').length;
  const clean = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
  return { line, path: '', message: `invalid JSON: ${clean}` };
}
