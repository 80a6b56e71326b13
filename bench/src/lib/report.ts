import type { MachineInfo } from './machine.js';
import type { Check, SuiteResult } from './suite.js';

export interface RunSettings {
  quick: boolean;
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  /** host:port of the PostgreSQL server used, if any. */
  postgres: string | undefined;
}

export interface BenchReport {
  machine: MachineInfo;
  settings: RunSettings;
  durationSeconds: number;
  suites: SuiteResult[];
  /** Suites not run, and why (not built yet, or not selected). */
  skipped: { id: string; reason: string }[];
  /** Suites that threw: their figures are missing from this report. */
  failed: { id: string; error: string }[];
}

/** Figures as people read them: thousands separated, small values with two decimals. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = typeof value === 'number' ? formatNumber(value) : value;
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdownTable(
  columns: readonly string[],
  rows: readonly Record<string, string | number>[],
): string {
  const numeric = columns.map((c) => rows.some((r) => typeof r[c] === 'number'));
  const lines = [
    `| ${columns.map((c) => cell(c)).join(' | ')} |`,
    `| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${columns.map((c) => cell(r[c])).join(' | ')} |`),
  ];
  return lines.join('\n');
}

function checkActual(check: Check): string {
  if (/ms\b/.test(check.target)) return `${formatNumber(check.actual)} ms`;
  if (check.target.endsWith('%')) return `${check.actual.toFixed(1)}%`;
  return `${formatNumber(check.actual)}x`;
}

export function allChecks(report: BenchReport): (Check & { suite: string })[] {
  return report.suites.flatMap((s) => s.checks.map((c) => ({ ...c, suite: s.id })));
}

export function renderMarkdown(report: BenchReport): string {
  const { machine, settings } = report;
  const checks = allChecks(report);
  const missed = checks.filter((c) => !c.pass).length;
  const out: string[] = [
    '# Gatehouse benchmark',
    '',
    `${machine.date.slice(0, 10)} · ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB · ` +
      `${machine.os} · Node ${machine.node} · PostgreSQL: ${settings.postgres ?? 'not used'}`,
    '',
    `${settings.quick ? 'Quick smoke run (figures not meaningful)' : 'Full run'}: ` +
      `${settings.rounds} round${settings.rounds === 1 ? '' : 's'} of ${settings.seconds} s per measurement ` +
      `after a ${settings.warmupSeconds} s warm-up, contenders alternating; medians of rounds. ` +
      `Took ${Math.round(report.durationSeconds)} s.`,
    '',
    '## Targets',
    '',
    checks.length === 0
      ? 'No targets were measured in this run.'
      : markdownTable(
          ['Suite', 'Target', 'Measured', 'Goal', 'Result'],
          checks.map((c) => ({
            Suite: c.suite,
            Target: c.name,
            Measured: checkActual(c),
            Goal: c.target,
            Result: c.pass ? 'pass' : '**MISS**',
          })),
        ),
    '',
    checks.length === 0
      ? ''
      : missed === 0
        ? `All ${checks.length} targets met.`
        : `**${missed} of ${checks.length} targets missed.**`,
  ];
  for (const failure of report.failed) out.push('', `**Suite ${failure.id} failed:** ${failure.error}`);
  for (const skip of report.skipped) out.push('', `Suite ${skip.id} not run: ${skip.reason}`);
  for (const suite of report.suites) {
    out.push('', `## ${suite.title}`, '', markdownTable(suite.columns, suite.rows));
    if (suite.notes.length > 0) out.push('', ...suite.notes.map((n) => `- ${n}`));
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
