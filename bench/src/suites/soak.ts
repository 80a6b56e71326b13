import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { type BenchClient, RESOURCES } from '../lib/clients.js';
import { cpuTimeMs } from '../lib/cpu.js';
import { createGatehouseStore, type GatehouseStore } from '../lib/gatehouse-store.js';
import { type LoadResult, runLoad } from '../lib/load.js';
import { pacedWarmupSeconds, runPaced } from '../lib/paced.js';
import { failureNote, MB } from '../lib/rounds.js';
import { AdminApi, prepareSoakTeam } from '../lib/soak-admin.js';
import { ChangeLoop } from '../lib/soak-changes.js';
import { NEW_CLIENT_EVERY, readMix, tokenMix } from '../lib/soak-traffic.js';
import { median, percentile } from '../lib/stats.js';
import type { Check, Row, SuiteOptions, SuiteResult } from '../lib/suite.js';
import { startGatehouse, type Target } from '../lib/targets.js';
import { tokenRequests } from '../lib/tokens.js';

/** The run is cut into this many windows; the first is the warm-up, the second the start. */
const WINDOWS = 10;
/** Clients that ask all the time, and the pool new clients are drawn from. */
const WARM = 100;
const COLD_POOL = 4000;
/**
 * Smaller than the clients in use, so that from the first minutes on every new client evicts
 * another: the steady state a long-running server reaches, with eviction exercised throughout.
 */
const CLIENT_CACHE = 1000;
/** Clients whose tokens the read mix introspects and revokes, new ones each window. */
const READ_CLIENTS = 16;
const GOAL_PERCENT = 10;

interface Window {
  /** Seconds since the load began. */
  from: number;
  tokens: LoadResult;
  reads: LoadResult;
  rssMb: number;
  rssMaxMb: number;
  /** The server's CPU time over the window's wall time, in % of one core: the same load each window. */
  cpuPercent: number;
  load: number;
  changes: number;
}

/** Length of the whole run: `--seconds` when given, else 10 minutes (20 s for a quick run). */
export function soakSeconds(options: SuiteOptions): number {
  return options.requestedSeconds ?? (options.quick ? 20 : 600);
}

const growth = (start: number, end: number) => (end / start - 1) * 100;

/**
 * Soak: one Gatehouse process under mixed load for a long time, with a change through the
 * admin API every second, watching whether its memory and its token p99 creep up.
 */
export async function run(options: SuiteOptions): Promise<SuiteResult> {
  const { log } = options;
  const total = soakSeconds(options);
  const windowSeconds = total / WINDOWS;
  const warmup = Math.min(pacedWarmupSeconds(options.quick), windowSeconds / 4);
  const tokenRate = options.quick ? 50 : 200;
  const readRate = options.quick ? 20 : 50;
  // SQLite unless a PostgreSQL server was named explicitly: a soak is one long run on one store.
  const postgresUrl = process.env.GATEHOUSE_BENCH_POSTGRES_URL ? options.postgresUrl : undefined;
  let store: GatehouseStore | undefined;
  let target: Target | undefined;
  let changes: ChangeLoop | undefined;
  let sampler: NodeJS.Timeout | undefined;
  try {
    log(`soak: seeding a store with ${WARM + COLD_POOL} clients`);
    store = await createGatehouseStore({ clients: WARM + COLD_POOL, postgresUrl });
    const team = await prepareSoakTeam(store);
    target = await startGatehouse('Gatehouse', {
      ...store,
      env: { ...store.env, GATEHOUSE_CLIENT_CACHE_SIZE: String(CLIENT_CACHE) },
    });
    const server = target;
    const seeded = store;
    const warm: BenchClient[] = Array.from({ length: WARM }, (_, i) => seeded.client(i));
    const cold = (n: number) => seeded.client(WARM + (n % COLD_POOL));
    const api = new AdminApi(server.url, team.admin);
    // Fill the client cache before the clock starts, so every new client evicts from window 1 on.
    log(`soak: filling the client cache (${CLIENT_CACHE} clients)`);
    const fill = await runLoad({
      url: server.url,
      requests: tokenRequests(
        Array.from({ length: CLIENT_CACHE }, (_, n) => cold(n)),
        '/oauth2/token',
        RESOURCES.ES256,
      ),
      rotate: true,
      amount: CLIENT_CACHE,
      connections: 8,
      durationSeconds: 120,
    });
    if (fill.non2xx + fill.errors + fill.timeouts > 0) {
      throw new Error(failureNote('cache fill', fill) ?? 'cache fill failed');
    }
    const samples: { at: number; rss: number }[] = [];
    sampler = setInterval(() => samples.push({ at: performance.now(), rss: server.rss() }), 1000);
    changes = new ChangeLoop(server.url, api, team.teamId);
    changes.start();

    const windows: Window[] = [];
    const began = performance.now();
    let coldNext = CLIENT_CACHE;
    let readClient = 0;
    for (let w = 0; w < WINDOWS; w++) {
      const mix = tokenMix(warm, cold, coldNext, Math.round(tokenRate * windowSeconds));
      coldNext += mix.coldUsed;
      const readers = Array.from({ length: READ_CLIENTS }, () => warm[readClient++ % WARM] as BenchClient);
      const reads = await readMix(server.url, readers, api);
      const from = performance.now();
      const cpuFrom = cpuTimeMs(server.pid);
      const paced = (requests: typeof reads, rate: number) =>
        runPaced({
          url: server.url,
          requests,
          rate,
          durationSeconds: windowSeconds - warmup,
          warmupSeconds: warmup,
          connections: 8,
        });
      const [tokens, readResult] = await Promise.all([
        paced(mix.requests, tokenRate),
        paced(reads, readRate),
      ]);
      const cpuPercent = ((cpuTimeMs(server.pid) - cpuFrom) / (performance.now() - from)) * 100;
      const inWindow = samples.filter((s) => s.at >= from + warmup * 1000).map((s) => s.rss);
      const window: Window = {
        from: (from - began) / 1000,
        tokens,
        reads: readResult,
        rssMb: median(inWindow.length > 0 ? inWindow : [server.rss()]) / MB,
        rssMaxMb: Math.max(...inWindow, server.rss()) / MB,
        cpuPercent,
        load: os.loadavg()[0] ?? Number.NaN,
        changes: changes.stats.durations.length,
      };
      windows.push(window);
      log(
        `soak: window ${w + 1}/${WINDOWS}: token p99 ${window.tokens.p99.toFixed(2)} ms, ` +
          `RSS ${window.rssMb.toFixed(1)} MB, server CPU ${window.cpuPercent.toFixed(0)}%, ` +
          `${window.changes} changes, load ${window.load.toFixed(1)}`,
      );
    }
    const stats = await changes.stop();
    changes = undefined;
    clearInterval(sampler);
    sampler = undefined;

    const start = windows[1] as Window;
    const end = windows[WINDOWS - 1] as Window;
    const rssGrowth = growth(start.rssMb, end.rssMb);
    const p99Growth = growth(start.tokens.p99, end.tokens.p99);
    const checks: Check[] = [
      {
        name: `RSS growth, window 2 → ${WINDOWS} (${start.rssMb.toFixed(1)} → ${end.rssMb.toFixed(1)} MB)`,
        actual: rssGrowth,
        target: `≤ ${GOAL_PERCENT}%`,
        pass: rssGrowth <= GOAL_PERCENT,
      },
      {
        name: `Token p99 growth, window 2 → ${WINDOWS} (${start.tokens.p99.toFixed(2)} → ${end.tokens.p99.toFixed(2)} ms)`,
        actual: p99Growth,
        target: `≤ ${GOAL_PERCENT}%`,
        pass: p99Growth <= GOAL_PERCENT,
      },
    ];
    for (const check of checks) {
      log(
        `soak: ${check.pass ? 'PASS' : 'FAIL'} ${check.name}: ${check.actual.toFixed(1)}% (goal ${check.target})`,
      );
    }

    // One window's p99 on a shared machine moves with whatever else runs; three against three
    // says more about a trend, and is given beside the goal's start-against-end figures.
    const trend = (what: string, unit: string, pick: (w: Window) => number) => {
      const a = median(windows.slice(1, 4).map(pick));
      const b = median(windows.slice(-3).map(pick));
      return `${what} ${a.toFixed(2)} → ${b.toFixed(2)} ${unit} (${growth(a, b) >= 0 ? '+' : ''}${growth(a, b).toFixed(1)}%)`;
    };
    const notes: string[] = [
      `Steadier view, the median of windows 2–4 against that of windows ${WINDOWS - 2}–${WINDOWS}: ${trend('token p99', 'ms', (w) => w.tokens.p99)}, ${trend('RSS', 'MB', (w) => w.rssMb)}, ${trend('server CPU', '%', (w) => w.cpuPercent)}. The load is the same in every window, so server CPU that stays level while the p99 climbs means the p99 followed the machine, not the server.`,
    ];
    const rows: Row[] = windows.map((w, k) => {
      for (const [label, result] of [
        ['tokens', w.tokens],
        ['reads', w.reads],
      ] as const) {
        const note = failureNote(`window ${k + 1} ${label}`, result);
        if (note) notes.push(note);
      }
      return {
        Window: `${k + 1}${k === 0 ? ' (warm-up)' : k === 1 ? ' (start)' : k === WINDOWS - 1 ? ' (end)' : ''}`,
        'From (s)': w.from.toFixed(0),
        'tokens/s': w.tokens.rps,
        'token p50 (ms)': w.tokens.p50,
        'token p99 (ms)': w.tokens.p99,
        'other p99 (ms)': w.reads.p99,
        'RSS (MB)': w.rssMb,
        'RSS max (MB)': w.rssMaxMb,
        'Server CPU (%)': w.cpuPercent,
        Changes: String(w.changes),
        'Load avg': w.load,
      };
    });
    const kinds = Object.entries(stats.done)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    notes.push(
      `${store.kind === 'postgres' ? 'PostgreSQL' : 'SQLite'} store, one server process (its own child process; RSS is its VmRSS from /proc, sampled every second, the median of each window's samples). ${total} s in ${WINDOWS} windows of ${windowSeconds} s; window 1 is the warm-up, growth is window 2 (start) against window ${WINDOWS} (end).`,
      `Token load: an even ${tokenRate}/s (open loop, latency counted from when each request was due; each window's generator first sends ${warmup} s uncounted), client_credentials with client_secret_basic over ${WARM} warm clients, every ${NEW_CLIENT_EVERY}th request from one of ${COLD_POOL} other clients in turn, with GATEHOUSE_CLIENT_CACHE_SIZE=${CLIENT_CACHE} so those are cache misses that evict from the start.`,
      `Other load, at ${readRate}/s beside it: introspection, revocation (fresh tokens each window, then repeats), revocation list, JWKS, both discovery documents, and the admin API's client list with a bearer token.`,
      `Changes, one a second through the admin API and the revocation endpoint: ${kinds}. Each is checked by a token or introspection request right after; unexpected answers: ${stats.unexpected.length}${stats.unexpected.length > 0 ? ` (${stats.unexpected.slice(0, 5).join('; ')})` : ''}. A change took p50 ${percentile(stats.durations, 50).toFixed(1)} ms, p99 ${percentile(stats.durations, 99).toFixed(1)} ms; ${stats.late} started late.`,
      `Load avg is the machine's 1-minute load average at the end of each window (${os.availableParallelism?.() ?? os.cpus().length} cores): on a shared machine the p99 follows it more than it follows the server.`,
    );
    return {
      id: 'soak',
      title: 'Soak: mixed load with a change every second',
      columns: [
        'Window',
        'From (s)',
        'tokens/s',
        'token p50 (ms)',
        'token p99 (ms)',
        'other p99 (ms)',
        'RSS (MB)',
        'RSS max (MB)',
        'Server CPU (%)',
        'Changes',
        'Load avg',
      ],
      rows,
      checks,
      notes,
    };
  } finally {
    if (sampler) clearInterval(sampler);
    await changes?.stop().catch(() => undefined);
    await target?.stop();
    await store?.cleanup();
  }
}
