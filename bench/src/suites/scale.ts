import { type BenchClient, RESOURCES } from '../lib/clients.js';
import { createGatehouseStore, type GatehouseStore } from '../lib/gatehouse-store.js';
import { type LoadResult, runLoad } from '../lib/load.js';
import { alternate, failureNote, MB, summarize } from '../lib/rounds.js';
import { ratio } from '../lib/stats.js';
import type { Row, SuiteOptions, SuiteResult } from '../lib/suite.js';
import { startGatehouse, stopAll, type Target } from '../lib/targets.js';
import { tokenRequests } from '../lib/tokens.js';
import { CONNECTIONS } from './token.js';

const HOT_CLIENTS = 16;
const RESOURCE = RESOURCES.ES256;

const storeName = (store: GatehouseStore) => (store.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL');

/** Sum of two runs side by side: throughput adds up, latency is the worse of the two. */
function combine(a: LoadResult, b: LoadResult): LoadResult {
  return {
    rps: a.rps + b.rps,
    p50: Math.max(a.p50, b.p50),
    p99: Math.max(a.p99, b.p99),
    requests: a.requests + b.requests,
    seconds: Math.max(a.seconds, b.seconds),
    non2xx: a.non2xx + b.non2xx,
    errors: a.errors + b.errors,
    timeouts: a.timeouts + b.timeouts,
  };
}

/** Tokens/s from one server process and from two on the same store, the load split between them. */
async function processes(store: GatehouseStore, options: SuiteOptions, rows: Row[], notes: string[]) {
  const name = storeName(store);
  const hot = tokenRequests(store.sample(HOT_CLIENTS), '/oauth2/token', RESOURCE);
  const targets: Target[] = [];
  try {
    targets.push(await startGatehouse(`${name} instance 1`, store));
    targets.push(await startGatehouse(`${name} instance 2`, store));
    const [one, two] = targets as [Target, Target];
    for (const target of targets) {
      options.log(`scale ${name}: warm-up ${target.name}`);
      await runLoad({
        url: target.url,
        requests: hot,
        connections: CONNECTIONS,
        durationSeconds: options.warmupSeconds,
      });
    }
    const load = (target: Target, connections: number) =>
      runLoad({ url: target.url, requests: hot, connections, durationSeconds: options.seconds });
    const setups = ['1 process', '2 processes'] as const;
    const runs = await alternate(setups, options.rounds, async (setup, round) => {
      options.log(`scale ${name}: round ${round + 1}/${options.rounds} ${setup}`);
      if (setup === '1 process') return load(one, CONNECTIONS);
      // The same total concurrency, half on each instance, from two load generators at once.
      const [a, b] = await Promise.all([load(one, CONNECTIONS / 2), load(two, CONNECTIONS / 2)]);
      return combine(a, b);
    });
    const single = summarize(runs.get('1 process') ?? []);
    for (const setup of setups) {
      const result = summarize(runs.get(setup) ?? []);
      const note = failureNote(`${name} ${setup}`, result);
      if (note) notes.push(note);
      rows.push({
        Store: name,
        Run: `${setup}, ${HOT_CLIENTS} clients`,
        'tokens/s': result.rps,
        'p50 (ms)': result.p50,
        'p99 (ms)': result.p99,
        'RSS (MB)': (setup === '1 process' ? one.rss() : one.rss() + two.rss()) / MB,
        Ratio: ratio(result.rps, single.rps),
      });
    }
  } finally {
    await stopAll(targets);
  }
}

/**
 * Every one of `store.count` clients asks once on a freshly started server (each request is a
 * cache miss and reads the client from the store), then once more (each is a hit).
 */
async function coldAndWarm(store: GatehouseStore, options: SuiteOptions, rows: Row[], notes: string[]) {
  const name = storeName(store);
  const everyone: BenchClient[] = Array.from({ length: store.count }, (_, i) => store.client(i));
  const all = tokenRequests(everyone, '/oauth2/token', RESOURCE);
  const hot = tokenRequests(store.sample(HOT_CLIENTS), '/oauth2/token', RESOURCE);
  const cold: LoadResult[] = [];
  const warm: LoadResult[] = [];
  const rss: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    options.log(
      `scale ${name}: ${store.count} clients, cold then warm, round ${round + 1}/${options.rounds}`,
    );
    const target = await startGatehouse(`${name} fresh`, store);
    try {
      // Warms the JIT on a handful of clients, leaving the other clients' cache entries cold.
      await runLoad({
        url: target.url,
        requests: hot,
        connections: CONNECTIONS,
        durationSeconds: options.warmupSeconds,
      });
      const pass = () =>
        runLoad({
          url: target.url,
          requests: all,
          rotate: true,
          amount: all.length,
          connections: CONNECTIONS,
          durationSeconds: 60,
        });
      cold.push(await pass());
      warm.push(await pass());
      rss.push(target.rss());
    } finally {
      await target.stop();
    }
  }
  const warmResult = summarize(warm);
  for (const [label, runs] of [
    ['cold cache: each client’s first token', cold],
    ['warm cache: each client’s second token', warm],
  ] as const) {
    const result = summarize(runs);
    const note = failureNote(`${name} ${label}`, result);
    if (note) notes.push(note);
    rows.push({
      Store: name,
      Run: `${store.count.toLocaleString('en-US')} clients, ${label}`,
      'tokens/s': result.rps,
      'p50 (ms)': result.p50,
      'p99 (ms)': result.p99,
      'RSS (MB)': Math.max(...rss) / MB,
      Ratio: ratio(result.rps, warmResult.rps),
    });
  }
}

/**
 * Scale: one server process against two on the same store, and a store with many clients
 * seen for the first time (cold cache) and again (warm).
 */
export async function run(options: SuiteOptions): Promise<SuiteResult> {
  const clients = options.quick ? 200 : 10_000;
  const rows: Row[] = [];
  const notes: string[] = [];
  const stores: GatehouseStore[] = [];
  try {
    options.log(`scale: seeding stores with ${clients} clients`);
    stores.push(await createGatehouseStore({ clients }));
    if (options.postgresUrl)
      stores.push(await createGatehouseStore({ clients, postgresUrl: options.postgresUrl }));
    else notes.push('PostgreSQL: no server available, so only the embedded store was measured.');
    // Several instances on one store is a PostgreSQL deployment first; the embedded store
    // shows the same when there is no PostgreSQL server.
    await processes(stores.at(-1) as GatehouseStore, options, rows, notes);
    for (const store of stores) await coldAndWarm(store, options, rows, notes);
    notes.push(
      `Two processes: two Gatehouse servers on the same store (one PostgreSQL database, or without PostgreSQL one SQLite file in WAL mode), each loaded by its own autocannon process with half of the ${CONNECTIONS} connections, at the same time; tokens/s is the sum, latency the worse of the two, RSS the sum. Ratio: against one process. On a 2-core machine the two servers and two load generators share the same two cores, so this shows that instances add up without contending on the store, not a doubling.`,
      `Cold and warm: a freshly started server is warmed up for ${options.warmupSeconds} s on ${HOT_CLIENTS} clients, then every one of the ${clients.toLocaleString('en-US')} clients asks for one token (in one rotation shared by all connections, so each request is the first of its client and reads it from the store), then each asks again (served from memory). Ratio: against the warm pass. Medians of ${options.rounds} fresh start${options.rounds === 1 ? '' : 's'}.`,
      'All tokens ES256, client_secret_basic, same request as the token suite.',
    );
    return {
      id: 'scale',
      title: 'Scale: server processes and registered clients',
      columns: ['Store', 'Run', 'tokens/s', 'p50 (ms)', 'p99 (ms)', 'RSS (MB)', 'Ratio'],
      rows,
      checks: [],
      notes,
    };
  } finally {
    await Promise.allSettled(stores.map((s) => s.cleanup()));
  }
}
