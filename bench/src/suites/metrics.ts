import type { BenchClient } from '../lib/clients.js';
import { RESOURCES } from '../lib/clients.js';
import { withCpu } from '../lib/cpu.js';
import { createGatehouseStore, type GatehouseStore } from '../lib/gatehouse-store.js';
import { type LoadResult, runLoad } from '../lib/load.js';
import { alternate, failureNote, summarize } from '../lib/rounds.js';
import { median } from '../lib/stats.js';
import type { Check, Row, SuiteOptions, SuiteResult } from '../lib/suite.js';
import { startGatehouse, stopAll, type Target } from '../lib/targets.js';
import { sampleToken, tokenRequests } from '../lib/tokens.js';
import { CONNECTIONS } from './token.js';

const CLIENTS = 16;
const ON = 'Gatehouse, metrics on (scraped every 5 s)';
const OFF = 'Gatehouse, metrics off';
/** Three times Prometheus's usual 15 s, so every measured run holds at least one scrape: the cost shown is an upper bound. */
const SCRAPE_EVERY_MS = 5000;
/** The issue's target: the token endpoint with metrics on within this of metrics off. */
const TARGET_PERCENT = 3;
/** Alternating rounds at least, in a full run: the difference sought is smaller than one run's noise. */
const MIN_ROUNDS = 6;

type Run = LoadResult & { cpuUsPerRequest: number; scrapes: number };

/** Scrapes `/metrics` at the start of `work` and every SCRAPE_EVERY_MS while it runs, as Prometheus would. */
async function whileScraped<T>(url: string, work: () => Promise<T>): Promise<T & { scrapes: number }> {
  let scrapes = 0;
  const scrapeOnce = () => {
    void fetch(`${url}/metrics`).then(
      async (answer) => {
        await answer.text();
        if (answer.status === 200) scrapes++;
      },
      () => undefined,
    );
  };
  scrapeOnce();
  const timer = setInterval(scrapeOnce, SCRAPE_EVERY_MS);
  try {
    return { ...(await work()), scrapes };
  } finally {
    clearInterval(timer);
  }
}

const percentLess = (on: number, off: number) => ((off - on) / off) * 100;

/**
 * The cost of metrics on the hot path: the same Gatehouse, the same store and the same
 * client-credentials load (ES256), once with GATEHOUSE_METRICS=on and scraped every second, once
 * with it off, in alternating rounds. Reported as tokens/s and CPU per token, and the difference.
 */
export async function run(options: SuiteOptions): Promise<SuiteResult> {
  const { log } = options;
  const rounds = options.quick ? Math.max(2, options.rounds) : Math.max(options.rounds, MIN_ROUNDS);
  const notes: string[] = [];
  let store: GatehouseStore | undefined;
  const targets: Target[] = [];
  try {
    log('metrics: preparing the store and starting both servers');
    store = await createGatehouseStore({ clients: CLIENTS });
    const clients: BenchClient[] = store.sample(CLIENTS);
    const on = await startGatehouse(ON, { ...store, env: { ...store.env, GATEHOUSE_METRICS: 'on' } });
    targets.push(on);
    const off = await startGatehouse(OFF, { ...store, env: { ...store.env, GATEHOUSE_METRICS: 'off' } });
    targets.push(off);
    for (const target of targets) {
      await sampleToken(target.url, target.tokenPath, clients[0] as BenchClient, RESOURCES.ES256, 'ES256');
    }
    const metricsAnswer = await fetch(`${on.url}/metrics`);
    const offAnswer = await fetch(`${off.url}/metrics`);
    if (metricsAnswer.status !== 200 || offAnswer.status !== 404) {
      throw new Error(
        `expected /metrics 200 with metrics on and 404 off, got ${metricsAnswer.status} and ${offAnswer.status}`,
      );
    }
    const requests = tokenRequests(clients, '/oauth2/token', RESOURCES.ES256);
    const load = (target: Target) =>
      runLoad({ url: target.url, requests, connections: CONNECTIONS, durationSeconds: options.seconds });
    for (const target of targets) {
      log(`metrics: warm-up ${target.name}`);
      await runLoad({
        url: target.url,
        requests,
        connections: CONNECTIONS,
        durationSeconds: options.warmupSeconds,
      });
    }
    const runs = await alternate(targets, rounds, (target, round): Promise<Run> => {
      log(`metrics: round ${round + 1}/${rounds} ${target.name}`);
      return withCpu(target.pid, () =>
        target === on ? whileScraped(on.url, () => load(on)) : load(off).then((r) => ({ ...r, scrapes: 0 })),
      );
    });
    const onRuns = runs.get(on) ?? [];
    const offRuns = runs.get(off) ?? [];
    const rows: Row[] = [];
    for (const [target, targetRuns] of [
      [on, onRuns],
      [off, offRuns],
    ] as const) {
      const result = summarize(targetRuns);
      const note = failureNote(target.name, result);
      if (note) notes.push(note);
      rows.push({
        Target: target.name,
        'tokens/s': result.rps,
        'p50 (ms)': result.p50,
        'p99 (ms)': result.p99,
        'CPU µs/token': median(targetRuns.map((r) => r.cpuUsPerRequest)),
        'tokens/s by round': targetRuns.map((r) => Math.round(r.rps)).join(' '),
      });
    }
    // Each round measured both, one after the other: the difference within a round is the fair one.
    const perRound = onRuns.map((r, i) => percentLess(r.rps, (offRuns[i] as Run).rps));
    const throughputCost = median(perRound);
    const cpuCost = -percentLess(
      median(onRuns.map((r) => r.cpuUsPerRequest)),
      median(offRuns.map((r) => r.cpuUsPerRequest)),
    );
    const checks: Check[] = [
      {
        name: 'tokens/s lost with metrics on (median of per-round differences)',
        actual: throughputCost,
        target: `≤ ${TARGET_PERCENT}%`,
        pass: throughputCost <= TARGET_PERCENT,
      },
      {
        // Throughput swings with whatever else the machine runs; CPU per token hardly does.
        name: 'CPU per token added with metrics on (medians of rounds)',
        actual: cpuCost,
        target: `≤ ${TARGET_PERCENT}%`,
        pass: cpuCost <= TARGET_PERCENT,
      },
    ];
    notes.push(
      `Per-round difference in tokens/s (positive: metrics on was slower): ${perRound.map((d) => `${d.toFixed(1)}%`).join(', ')}; median ${throughputCost.toFixed(1)}%. CPU per token with metrics on: ${cpuCost >= 0 ? '+' : ''}${cpuCost.toFixed(1)}%.`,
      `Both servers run on the same SQLite store, side by side; client credentials with client_secret_basic, ES256, ${CLIENTS} clients in rotation, ${CONNECTIONS} keep-alive connections, ${options.seconds} s per run, ${rounds} alternating rounds. The metrics-on server is scraped every ${SCRAPE_EVERY_MS / 1000} s during its runs (${median(onRuns.map((r) => r.scrapes))} scrapes per run), more often than Prometheus's usual 15 to 60 s; one scrape costs about 10 ms of CPU.`,
    );
    return {
      id: 'metrics',
      title: 'Metrics on against metrics off: token endpoint, client credentials, ES256',
      columns: ['Target', 'tokens/s', 'p50 (ms)', 'p99 (ms)', 'CPU µs/token', 'tokens/s by round'],
      rows,
      checks,
      notes,
    };
  } finally {
    await stopAll(targets);
    await store?.cleanup();
  }
}
