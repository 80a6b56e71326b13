// The benchmark runner: `npm run bench` (full, about 11 minutes on 2 cores) or
// `node bench/dist/src/run.js --quick` (seconds; what `npm test` runs).
//
//   --quick            smoke run: one short round, small client counts, figures not meaningful
//   --only a,b         run only these suites (token, verify, gateway, scale, workers, cost, people,
//                      cognito, metrics, limits, hooks, soak); soak runs only when named here, never by default
//   --rounds N         rounds per comparison (default 3, people 5; quick 1)
//   --seconds N        length of one measured run (default 5; quick 1); for soak, of the whole soak
//                      (default 600; quick 20)
//   --out DIR          where to write latest.md and latest.json (default bench/results;
//                      quick runs default to bench/results/tmp so they never replace real results);
//                      a run with soak writes soak-latest.md and soak-latest.json instead
//
// PostgreSQL rows need a server the benchmark may create throwaway databases on:
// GATEHOUSE_BENCH_POSTGRES_URL, or else postgres://postgres@127.0.0.1:5432/postgres when it
// answers (full runs only; a quick run uses PostgreSQL only when the variable is set).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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
  'metrics',
  'limits',
  'hooks',
  'soak',
] as const;
type SuiteId = (typeof SUITES)[number];
/** Suites that take too long for the default run (soak: 10 minutes); they run when named in --only. */
const ON_REQUEST: readonly SuiteId[] = ['soak'];
export const DEFAULT_SUITES: readonly SuiteId[] = SUITES.filter((s) => !ON_REQUEST.includes(s));

interface Args {
  quick: boolean;
  only: SuiteId[];
  rounds: number | undefined;
  seconds: number | undefined;
  out: string | undefined;
}

function usage(message: string): never {
  console.error(
    `${message}\nusage: run.js [--quick] [--only ${SUITES.join(',')}] [--rounds N] [--seconds N] [--out DIR]\n` +
      `(${ON_REQUEST.join(', ')} only with --only: \`--only soak\` keeps 10 minutes of mixed load, --seconds N shortens it)`,
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
    only: [...DEFAULT_SUITES],
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

/** File name prefix of a run's results: `soak-` when the soak is in it, so the full run's stay. */
export function resultPrefix(only: readonly SuiteId[]): string {
  return only.includes('soak') ? 'soak-' : '';
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
  // A soak uses PostgreSQL only when it is named; a run of soak alone need not look for one.
  const soakOnly = args.only.every((id) => ON_REQUEST.includes(id));
  const postgresUrl = await findPostgres(explicitPg, !args.quick && !soakOnly);
  log(postgresUrl ? `PostgreSQL: using ${new URL(postgresUrl).host}` : 'PostgreSQL: not used');
  const options: SuiteOptions = {
    quick: args.quick,
    rounds: args.rounds ?? (args.quick ? 1 : 3),
    seconds: args.seconds ?? (args.quick ? 1 : 5),
    requestedSeconds: args.seconds,
    requestedRounds: args.rounds,
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
      reason: ON_REQUEST.includes(id) ? `runs only when asked for (--only ${id})` : 'not selected (--only)',
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
  // A soak is a run of its own kind: its results sit beside the full run's, never replace them.
  const prefix = resultPrefix(args.only);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `${prefix}latest.md`), markdown);
  writeFileSync(join(out, `${prefix}latest.json`), `${JSON.stringify(report, null, 2)}\n`);
  if (!args.quick)
    copyFileSync(
      join(out, `${prefix}latest.json`),
      join(out, `${prefix}${report.machine.date.slice(0, 10)}.json`),
    );
  process.stdout.write(markdown);
  const missed = allChecks(report).filter((c) => !c.pass).length;
  log(
    `wrote ${join(out, `${prefix}latest.md`)} and ${prefix}latest.json; ${missed === 0 ? 'all targets met' : `${missed} target(s) missed`}`,
  );
  // A missed target is a finding, reported in the table; only a suite that broke is a failure.
  return report.failed.length > 0 ? 1 : 0;
}

// Run when started as a script; importing the module (the tests do) only gives its exports.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
