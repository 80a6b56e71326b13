// The benchmark runner: `npm run bench` (full, about 11 minutes on 2 cores) or
// `node bench/dist/src/run.js --quick` (seconds; what `npm test` runs).
//
//   --quick            smoke run: one short round, small client counts, figures not meaningful
//   --only a,b         run only these suites (token, verify, gateway, scale, cost, people, cognito)
//   --rounds N         rounds per comparison (default 3; quick 1)
//   --seconds N        length of one measured run (default 5; quick 1)
//   --out DIR          where to write latest.md and latest.json (default bench/results;
//                      quick runs default to bench/results/tmp so they never replace real results)
//
// PostgreSQL rows need a server the benchmark may create throwaway databases on:
// GATEHOUSE_BENCH_POSTGRES_URL, or else postgres://postgres@127.0.0.1:5432/postgres when it
// answers (full runs only; a quick run uses PostgreSQL only when the variable is set).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineInfo } from './lib/machine.js';
import { RESULTS_DIR, TMP_DIR } from './lib/paths.js';
import { findPostgres } from './lib/postgres.js';
import { allChecks, type BenchReport, renderMarkdown } from './lib/report.js';
import type { SuiteOptions, SuiteResult } from './lib/suite.js';

export const SUITES = [
  'token',
  'verify',
  'gateway',
  'scale',
  'workers',
  'cost',
  'people',
  'cognito',
] as const;
type SuiteId = (typeof SUITES)[number];

interface Args {
  quick: boolean;
  only: SuiteId[];
  rounds: number | undefined;
  seconds: number | undefined;
  out: string | undefined;
}

function usage(message: string): never {
  console.error(
    `${message}\nusage: run.js [--quick] [--only ${SUITES.join(',')}] [--rounds N] [--seconds N] [--out DIR]`,
  );
  process.exit(2);
}

function positive(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isFinite(value) || value <= 0) usage(`${name} needs a positive number`);
  return value;
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    quick: false,
    only: [...SUITES],
    rounds: undefined,
    seconds: undefined,
    out: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i];
    if (arg === '--quick') args.quick = true;
    else if (arg === '--only') {
      const names = (value() ?? '').split(',').filter(Boolean);
      const unknown = names.filter((n) => !SUITES.includes(n as SuiteId));
      if (names.length === 0 || unknown.length > 0) usage(`--only: unknown suite ${unknown.join(', ')}`);
      args.only = SUITES.filter((s) => names.includes(s));
    } else if (arg === '--rounds') args.rounds = Math.round(positive('--rounds', value()));
    else if (arg === '--seconds') args.seconds = positive('--seconds', value());
    else if (arg === '--out') args.out = value() ?? usage('--out needs a directory');
    else usage(`unknown argument ${arg}`);
  }
  return args;
}

type SuiteModule = { run(options: SuiteOptions): Promise<SuiteResult> };

/** A suite's module, or undefined when it has not been written yet. */
async function loadSuite(id: SuiteId): Promise<SuiteModule | undefined> {
  const url = new URL(`./suites/${id}.js`, import.meta.url);
  try {
    return (await import(url.href)) as SuiteModule;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(url.pathname))
      return undefined;
    throw error;
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const log = (line: string) =>
    process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  const explicitPg = process.env.GATEHOUSE_BENCH_POSTGRES_URL || undefined;
  const postgresUrl = await findPostgres(explicitPg, !args.quick);
  log(postgresUrl ? `PostgreSQL: using ${new URL(postgresUrl).host}` : 'PostgreSQL: not used');
  const options: SuiteOptions = {
    quick: args.quick,
    rounds: args.rounds ?? (args.quick ? 1 : 3),
    seconds: args.seconds ?? (args.quick ? 1 : 5),
    warmupSeconds: args.quick ? 1 : 2,
    log,
    postgresUrl,
  };
  const report: BenchReport = {
    machine: machineInfo(),
    settings: {
      quick: options.quick,
      rounds: options.rounds,
      seconds: options.seconds,
      warmupSeconds: options.warmupSeconds,
      postgres: postgresUrl ? new URL(postgresUrl).host : undefined,
    },
    durationSeconds: 0,
    suites: [],
    skipped: SUITES.filter((id) => !args.only.includes(id)).map((id) => ({
      id,
      reason: 'not selected (--only)',
    })),
    failed: [],
  };
  for (const id of args.only) {
    const suite = await loadSuite(id);
    if (!suite) {
      log(`${id}: suite not built yet, skipped`);
      report.skipped.push({ id, reason: 'suite not built yet' });
      continue;
    }
    const suiteStarted = Date.now();
    log(`${id}: start`);
    try {
      report.suites.push(await suite.run(options));
      log(`${id}: done in ${Math.round((Date.now() - suiteStarted) / 1000)} s`);
    } catch (error) {
      log(`${id}: FAILED: ${(error as Error).stack ?? String(error)}`);
      report.failed.push({ id, error: (error as Error).message ?? String(error) });
    }
  }
  report.durationSeconds = (Date.now() - started) / 1000;

  const markdown = renderMarkdown(report);
  const out = args.out ?? (args.quick ? TMP_DIR : RESULTS_DIR);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'latest.md'), markdown);
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (!args.quick)
    copyFileSync(join(out, 'latest.json'), join(out, `${report.machine.date.slice(0, 10)}.json`));
  process.stdout.write(markdown);
  const missed = allChecks(report).filter((c) => !c.pass).length;
  log(
    `wrote ${join(out, 'latest.md')} and latest.json; ${missed === 0 ? 'all targets met' : `${missed} target(s) missed`}`,
  );
  // A missed target is a finding, reported in the table; only a suite that broke is a failure.
  return report.failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
