import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bench/ folder (this file runs from bench/dist/src/lib/). */
export const BENCH_DIR = fileURLToPath(new URL('../../../', import.meta.url));
export const RESULTS_DIR = join(BENCH_DIR, 'results');
/** Ignored by git: data directories, quick-run results. */
export const TMP_DIR = join(RESULTS_DIR, 'tmp');

export function tempDir(prefix: string): string {
  mkdirSync(TMP_DIR, { recursive: true });
  return mkdtempSync(join(TMP_DIR, `${prefix}-`));
}

/** A compiled child script of this workspace, e.g. script('targets/gatehouse.js'). */
export function script(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}
