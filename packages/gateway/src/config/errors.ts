/** One thing wrong with a gateway config: where it is, which setting, and what to do. */
export interface ConfigIssue {
  /** 1-based line in the file, when the config came from a file and the setting is in it. */
  line?: number | undefined;
  /** The setting, e.g. `routes[1].upstream`; empty for the file as a whole. */
  path: string;
  message: string;
}

/**
 * A gateway config that cannot be used. Its message lists every issue, one a line, as
 * `gateway.yaml:12: routes[1].upstream: must be an http(s) URL`.
 *
 * @example
 * try {
 *   await loadGatewayConfig('gateway.yaml');
 * } catch (error) {
 *   if (error instanceof GatewayConfigError) console.error(error.message);
 * }
 */
export class GatewayConfigError extends Error {
  override name = 'GatewayConfigError';
  constructor(
    /** The file the config came from, as given; undefined for a config passed as an object. */
    readonly file: string | undefined,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(issues.map((issue) => formatIssue(file, issue)).join('\n'));
  }
}

export function formatIssue(file: string | undefined, issue: ConfigIssue): string {
  const where = file === undefined ? '' : issue.line === undefined ? `${file}: ` : `${file}:${issue.line}: `;
  return `${where}${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

/** `['routes', 1, 'upstream']` → `routes[1].upstream`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
