import type { KeyObject } from 'node:crypto';

/** One key a signing thread learns before its first use: `ref` is `<kid>|<typ>`. */
export interface SigningKey {
  ref: string;
  alg: string;
  key: KeyObject;
}

/**
 * Claims travel as JSON text: a string crosses to another thread as one copy, where an object
 * is cloned key by key.
 */
export interface SigningJob {
  access: { ref: string; json: string };
  /**
   * Signed after the access token, with its at_hash (OIDC Core §3.1.3.6) for `alg` appended to
   * these claims, which must not hold one.
   */
  id?: { ref: string; alg: string; json: string };
}

/**
 * What crosses to a thread: keys it has not seen yet, and a batch's jobs as one string. One
 * string is copied in one piece, where an array of job objects is cloned field by field, which
 * cost the event loop several microseconds per grant.
 */
export interface SigningBatch {
  keys: SigningKey[];
  jobs: string;
}

export type SigningResult = { tokens: string[] } | { error: string };

// JSON.stringify escapes every control character, and refs and algs are checked for them, so a
// tab separates the fields of a job and a newline the jobs.
const FIELD = '\t';
const RECORD = '\n';
const SEPARATORS = /[\t\n]/;
/** Marks a failed job's line in the answer (tokens are base64url and never start with it). */
const FAILED = '!';

function plain(value: string, what: string): string {
  if (SEPARATORS.test(value)) throw new TypeError(`signing job: the ${what} holds a tab or newline`);
  return value;
}

/** One job's line; throws when a field holds a separator. */
export function encodeJob(job: SigningJob): string {
  const access = `${plain(job.access.ref, 'key ref')}${FIELD}${plain(job.access.json, 'claims')}`;
  if (!job.id) return access;
  const { ref, alg, json } = job.id;
  return `${access}${FIELD}${plain(ref, 'key ref')}${FIELD}${plain(alg, 'alg')}${FIELD}${plain(json, 'claims')}`;
}

export function joinJobs(lines: readonly string[]): string {
  return lines.join(RECORD);
}

export function decodeJobs(text: string): SigningJob[] {
  return text.split(RECORD).map((line) => {
    const [ref = '', json = '', idRef, alg, idJson] = line.split(FIELD);
    const job: SigningJob = { access: { ref, json } };
    if (idRef !== undefined && alg !== undefined && idJson !== undefined)
      job.id = { ref: idRef, alg, json: idJson };
    return job;
  });
}

export function encodeResults(results: readonly SigningResult[]): string {
  return results
    .map((r) => ('tokens' in r ? r.tokens.join(FIELD) : FAILED + r.error.replace(/[\t\n]/g, ' ')))
    .join(RECORD);
}

export function decodeResults(text: string): SigningResult[] {
  return text
    .split(RECORD)
    .map((line) => (line.startsWith(FAILED) ? { error: line.slice(1) } : { tokens: line.split(FIELD) }));
}
