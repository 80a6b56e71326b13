import { createConnection } from 'node:net';
import { randomBytes } from 'node:crypto';
import { CLI_ACTOR, loadConfig, openGatehouse } from '@gatehouse/server';
import { type BenchClient, RESOURCES } from '../lib/clients.js';
import { createGatehouseStore, type GatehouseStore } from '../lib/gatehouse-store.js';
import { runLoad } from '../lib/load.js';
import { alternate, failureNote, summarize } from '../lib/rounds.js';
import { median, ratio } from '../lib/stats.js';
import { withCpu } from '../lib/cpu.js';
import type { Row, SuiteOptions, SuiteResult } from '../lib/suite.js';
import { startGatehouse, stopAll, type Target } from '../lib/targets.js';
import { sampleToken, tokenRequests } from '../lib/tokens.js';
import { CONNECTIONS } from './token.js';

const NO_LIMIT = 'no limit';
const LOCAL = 'local limit (in memory)';
const REDIS = 'Redis limit (cluster-wide)';
/** High enough never to refuse: the cost of counting, not of refusing, is measured. */
const HIGH = { rate: 1_000_000, burst: 10_000_000, daily: 1_000_000_000_000 };

/** Whether something answers TCP at the Redis URL, within a second. */
function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Gives `client` its own high limit, through the service layer as an operator would. */
async function limit(store: GatehouseStore, client: BenchClient): Promise<void> {
  const gatehouse = await openGatehouse(loadConfig({ port: '0' }, store.env));
  try {
    await gatehouse.limits.setClient(client.clientId, HIGH, CLI_ACTOR);
  } finally {
    await gatehouse.close();
  }
}

/**
 * Tokens/s for one client (ES256, client_secret_basic) on the same store: without a limit,
 * with a limit counted in the instance's memory, and with one counted in Redis (one EVALSHA a
 * request), side by side. The limits are high, so every request is counted and none refused.
 */
export async function run(options: SuiteOptions): Promise<SuiteResult> {
  const { log } = options;
  const notes: string[] = [];
  const targets: Target[] = [];
  const redisUrl = process.env.GATEHOUSE_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const store = await createGatehouseStore({ clients: 2 });
  try {
    const [free, limited] = store.sample(2) as [BenchClient, BenchClient];
    await limit(store, limited);
    const withEnv = (env: Record<string, string>) => ({ ...store, env: { ...store.env, ...env } });
    const contenders: { target: Target; client: BenchClient }[] = [];
    const start = async (name: string, client: BenchClient, env: Record<string, string> = {}) => {
      const target = await startGatehouse(name, withEnv(env));
      targets.push(target);
      contenders.push({ target, client });
    };
    log('limits: starting servers');
    await start(NO_LIMIT, free);
    await start(LOCAL, limited);
    if (await reachable(redisUrl)) {
      // Keys of this run only; they expire by themselves (buckets in seconds, counts after the day).
      const prefix = `gatehouse-bench:${randomBytes(6).toString('hex')}:`;
      await start(REDIS, limited, { GATEHOUSE_REDIS_URL: redisUrl, GATEHOUSE_REDIS_KEY_PREFIX: prefix });
    } else {
      notes.push(`Redis: nothing answers at ${redisUrl}, so the Redis row is missing.`);
    }
    for (const { target, client } of contenders) {
      await sampleToken(target.url, target.tokenPath, client, RESOURCES.ES256, 'ES256');
    }
    const requestsOf = new Map(
      contenders.map(
        (c) => [c.target, tokenRequests([c.client], c.target.tokenPath, RESOURCES.ES256)] as const,
      ),
    );
    for (const { target } of contenders) {
      log(`limits: warm-up ${target.name}`);
      await runLoad({
        url: target.url,
        requests: requestsOf.get(target) ?? [],
        connections: CONNECTIONS,
        durationSeconds: options.warmupSeconds,
      });
    }
    const runs = await alternate(
      contenders.map((c) => c.target),
      options.rounds,
      (target, round) => {
        log(`limits: round ${round + 1}/${options.rounds} ${target.name}`);
        return withCpu(target.pid, () =>
          runLoad({
            url: target.url,
            requests: requestsOf.get(target) ?? [],
            connections: CONNECTIONS,
            durationSeconds: options.seconds,
          }),
        );
      },
    );
    const base = summarize(runs.get(contenders[0]?.target as Target) ?? []);
    const rows: Row[] = contenders.map(({ target }) => {
      const targetRuns = runs.get(target) ?? [];
      const result = summarize(targetRuns);
      const note = failureNote(`limits ${target.name}`, result);
      if (note) notes.push(note);
      return {
        Limit: target.name,
        'tokens/s': result.rps,
        'p50 (ms)': result.p50,
        'p99 (ms)': result.p99,
        'CPU µs/token': median(targetRuns.map((r) => r.cpuUsPerRequest)),
        '× no limit': ratio(result.rps, base.rps),
      };
    });
    notes.push(
      `One client, ES256, client_secret_basic, ${CONNECTIONS} keep-alive connections; each row is its own Gatehouse process on the same SQLite store. The limited client's limit is ${HIGH.rate}/s with a daily quota of ${HIGH.daily}: every request is counted, none is refused. Redis runs on the same machine, so its row includes Redis's own CPU competing for the two cores.`,
      `Figures are medians of ${options.rounds} round${options.rounds === 1 ? '' : 's'}; within a round the contenders take turns, in a rotating order.`,
    );
    return {
      id: 'limits',
      title: 'Per-client rate limits: the cost of counting',
      columns: ['Limit', 'tokens/s', 'p50 (ms)', 'p99 (ms)', 'CPU µs/token', '× no limit'],
      rows,
      checks: [],
      notes,
    };
  } finally {
    await stopAll(targets);
    await store.cleanup();
  }
}
