import { RESOURCES } from '../lib/clients.js';
import { createGatehouseStore, type GatehouseStore } from '../lib/gatehouse-store.js';
import { runLoad } from '../lib/load.js';
import { PACED_MIN_ROUNDS, pacedWarmupSeconds, runPaced } from '../lib/paced.js';
import { alternate, failureNote, MB, summarize } from '../lib/rounds.js';
import { ratio } from '../lib/stats.js';
import type { Check, Row, SuiteOptions, SuiteResult } from '../lib/suite.js';
import { startGatehouse, stopAll, type Target } from '../lib/targets.js';
import { tokenRequests } from '../lib/tokens.js';
import { CONNECTIONS } from './token.js';

interface Sized {
  store: GatehouseStore;
  target: Target;
  requests: ReturnType<typeof tokenRequests>;
  rssAtStart: number;
  rssWarm: number;
}

/**
 * Cost growth: token latency at a fixed moderate rate with 100, 10,000 and 100,000 clients in
 * the store, and the server's memory with 100,000. Warm: the same sample of clients keeps
 * asking, as services do; what changes is only how many other clients the store holds.
 */
export async function run(options: SuiteOptions): Promise<SuiteResult> {
  const sizes = options.quick ? [100, 150, 200] : [100, 10_000, 100_000];
  // The same number of clients in use on every store (all of the smallest store's), so the
  // only thing that differs between the rows is how many other clients the store holds.
  const sampleSize = sizes[0] as number;
  const rate = options.quick ? 200 : 1000;
  // A p99 of about a millisecond moves with every hiccup of a shared machine: more, shorter
  // rounds give a median that one bad round cannot move.
  const rounds = options.quick ? options.rounds : Math.max(options.rounds, PACED_MIN_ROUNDS);
  const seconds = options.quick ? options.seconds : 3;
  const notes: string[] = [];
  const sized: Sized[] = [];
  try {
    for (const count of sizes) {
      options.log(`cost: seeding a store with ${count.toLocaleString('en-US')} clients`);
      const started = Date.now();
      const store = await createGatehouseStore({ clients: count });
      const seeded = (Date.now() - started) / 1000;
      const target = await startGatehouse(`${count} clients`, store);
      const requests = tokenRequests(store.sample(sampleSize), '/oauth2/token', RESOURCES.ES256);
      sized.push({ store, target, requests, rssAtStart: target.rss(), rssWarm: 0 });
      if (count === sizes.at(-1))
        notes.push(`Seeding ${count.toLocaleString('en-US')} clients took ${seeded.toFixed(1)} s.`);
    }
    for (const s of sized) {
      options.log(`cost: warm-up, ${s.store.count} clients in the store`);
      // Every sampled client once, then a steady warm-up at the measured rate.
      await runLoad({
        url: s.target.url,
        requests: s.requests,
        rotate: true,
        amount: s.requests.length,
        connections: CONNECTIONS,
        durationSeconds: 60,
      });
      await runPaced({
        url: s.target.url,
        requests: s.requests,
        rate,
        durationSeconds: options.warmupSeconds,
        connections: CONNECTIONS,
      });
      s.rssWarm = s.target.rss();
    }
    const runs = await alternate(sized, rounds, (s, round) => {
      options.log(`cost: round ${round + 1}/${rounds}, ${s.store.count} clients in the store, ${rate}/s`);
      return runPaced({
        url: s.target.url,
        requests: s.requests,
        rate,
        durationSeconds: seconds,
        warmupSeconds: pacedWarmupSeconds(options.quick),
        connections: CONNECTIONS,
      });
    });
    const results = sized.map((s) => ({ s, result: summarize(runs.get(s) ?? []) }));
    const base = results[0]?.result;
    const rows: Row[] = results.map(({ s, result }) => {
      const note = failureNote(`${s.store.count} clients`, result);
      if (note) notes.push(note);
      return {
        'Clients in store': s.store.count,
        'tokens/s': result.rps,
        'p50 (ms)': result.p50,
        'p99 (ms)': result.p99,
        '× smallest p99': ratio(result.p99, base?.p99 ?? Number.NaN),
        'RSS after start (MB)': s.rssAtStart / MB,
        'RSS warm (MB)': s.rssWarm / MB,
      };
    });
    const largest = results.at(-1);
    const growth = ratio(largest?.result.p99 ?? Number.NaN, base?.p99 ?? Number.NaN);
    const checks: Check[] = [
      {
        name: `p99 with ${sizes.at(-1)?.toLocaleString('en-US')} clients vs ${sizes[0]} clients`,
        actual: growth,
        target: '≤ 1.5x',
        pass: growth <= 1.5,
      },
    ];
    notes.push(
      `Each store is a fresh embedded (SQLite) store seeded in bulk: every client has a live secret (stored as its SHA-256) and a grant; the server authenticates against those rows like any others. The three servers run side by side and take turns, ${rounds} rounds of ${seconds} s each; figures are medians of rounds.`,
      `Warm: on every store the requests rotate over ${sampleSize} clients spread across it (each asked once before timing), so the working set is the same and only the clients registered differ; an even ${rate} tokens/s (open-loop; latency counts from when each request was due; each run first sends ${pacedWarmupSeconds(options.quick)} s at that rate without counting it).`,
      `RSS after start: before any token request. RSS warm: after the sampled clients are cached. Gatehouse loads a client on its first request and never the whole table, so memory follows the clients in use, not the clients registered.`,
    );
    return {
      id: 'cost',
      title: 'Cost growth: clients in the store',
      columns: [
        'Clients in store',
        'tokens/s',
        'p50 (ms)',
        'p99 (ms)',
        '× smallest p99',
        'RSS after start (MB)',
        'RSS warm (MB)',
      ],
      rows,
      checks,
      notes,
    };
  } finally {
    await stopAll(sized.map((s) => s.target));
    await Promise.allSettled(sized.map((s) => s.store.cleanup()));
  }
}
