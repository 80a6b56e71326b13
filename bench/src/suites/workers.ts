import { readdirSync, readFileSync } from 'node:fs';
import { RESOURCES } from '../lib/clients.js';
import { cpuTimeMs } from '../lib/cpu.js';
import { startChild } from '../lib/child.js';
import { createGatehouseStore } from '../lib/gatehouse-store.js';
import { script } from '../lib/paths.js';
import { type LoadResult, runLoad } from '../lib/load.js';
import { alternate, failureNote, MB, summarize } from '../lib/rounds.js';
import { rssOf } from '../lib/child.js';
import { median, ratio } from '../lib/stats.js';
import type { Row, SuiteOptions, SuiteResult } from '../lib/suite.js';
import { tokenRequests } from '../lib/tokens.js';
import { CONNECTIONS } from './token.js';

const HOT_CLIENTS = 16;
const SETUPS = [1, 2] as const;
const TICK_MS = 10; // USER_HZ is 100 on Linux

/** A process and its children (a cluster's primary and workers), from /proc. */
function tree(pid: number): number[] {
  const pids = [pid];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/**
 * CPU time of this process's children that have exited and been reaped, in ms: the load
 * generator runs in a child of its own for each run, so the growth across one run is its CPU.
 */
function reapedChildrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

interface Measured extends LoadResult {
  /** Cores used on average over the run: the server (all its processes), the load generator. */
  serverCores: number;
  loadCores: number;
}

/** Tokens/s and p99 from `gatehouse serve` with 1 worker (one process) and with 2 (a cluster). */
export async function run(options: SuiteOptions): Promise<SuiteResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const store = await createGatehouseStore({ clients: HOT_CLIENTS });
  const hot = tokenRequests(store.sample(HOT_CLIENTS), '/oauth2/token', RESOURCES.ES256);
  const targets = await Promise.all(
    SETUPS.map((workers) =>
      startChild(script('targets/gatehouse-workers.js'), {
        env: { ...store.env, GATEHOUSE_WORKERS: String(workers), GATEHOUSE_LOG_LEVEL: 'silent' },
      }),
    ),
  );
  try {
    const measure = async (index: number, seconds: number): Promise<Measured> => {
      const target = targets[index];
      if (!target) throw new Error('no target');
      const pids = tree(target.pid);
      const serverBefore = pids.reduce((sum, pid) => sum + cpuTimeMs(pid), 0);
      const loadBefore = reapedChildrenCpuMs();
      const result = await runLoad({
        url: target.url,
        requests: hot,
        connections: CONNECTIONS,
        durationSeconds: seconds,
      });
      const serverMs = pids.reduce((sum, pid) => sum + cpuTimeMs(pid), 0) - serverBefore;
      const loadMs = reapedChildrenCpuMs() - loadBefore;
      return {
        ...result,
        serverCores: serverMs / 1000 / result.seconds,
        loadCores: loadMs / 1000 / result.seconds,
      };
    };
    for (const [index, workers] of SETUPS.entries()) {
      options.log(`workers: warm-up ${workers}`);
      await measure(index, options.warmupSeconds);
    }
    const runs = await alternate(SETUPS, options.rounds, async (workers, round) => {
      options.log(`workers: round ${round + 1}/${options.rounds}, ${workers} worker(s)`);
      return measure(SETUPS.indexOf(workers), options.seconds);
    });
    const single = summarize(runs.get(1) ?? []);
    for (const [index, workers] of SETUPS.entries()) {
      const measured = (runs.get(workers) ?? []) as Measured[];
      const result = summarize(measured);
      const note = failureNote(`${workers} worker(s)`, result);
      if (note) notes.push(note);
      const target = targets[index];
      rows.push({
        Run: workers === 1 ? '1 worker (single process)' : `${workers} workers (cluster)`,
        'tokens/s': result.rps,
        'p50 (ms)': result.p50,
        'p99 (ms)': result.p99,
        'server CPU (cores)': median(measured.map((m) => m.serverCores)),
        'load generator CPU (cores)': median(measured.map((m) => m.loadCores)),
        'RSS (MB)': (target ? tree(target.pid).reduce((sum, pid) => sum + rssOf(pid), 0) : 0) / MB,
        Ratio: ratio(result.rps, single.rps),
      });
    }
    notes.push(
      `Both servers run side by side on one SQLite store with ${HOT_CLIENTS} warm clients (ES256, client_secret_basic, as in the token suite), loaded in turn by one autocannon process with ${CONNECTIONS} connections; medians of ${options.rounds} alternating round${options.rounds === 1 ? '' : 's'} of ${options.seconds} s. Server CPU counts the primary and every worker; RSS is theirs summed.`,
      'The load generator runs on the same machine and takes CPU the workers would otherwise use: its column says how much. On a machine with as many cores as workers plus one for the generator, the 2-worker row would gain by that much more.',
    );
    return {
      id: 'workers',
      title: 'Workers: serve --workers 1 against --workers 2 on one machine',
      columns: [
        'Run',
        'tokens/s',
        'p50 (ms)',
        'p99 (ms)',
        'server CPU (cores)',
        'load generator CPU (cores)',
        'RSS (MB)',
        'Ratio',
      ],
      rows,
      checks: [],
      notes,
    };
  } finally {
    await Promise.allSettled(targets.map((t) => t.stop()));
    await store.cleanup();
  }
}
